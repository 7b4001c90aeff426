"""`--git`: commit a bundle on its own branch so it can be reviewed as a pull request.

Before anything is written the enclosing repository is checked (a refusal leaves the folder
and the repository as they were): the index may hold nothing staged outside the bundle, and
then the work tree moves to branch `etl-gen/<name>` (created from HEAD, or checked out if
it exists). After the bundle is written, exactly its folder is staged and committed; a
regeneration on the branch is a new commit whose diff is what changed.
"""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError


@dataclass(frozen=True)
class GitTarget:
    root: Path
    folder: str  # the bundle, relative to root, POSIX
    branch: str
    base: str | None  # the branch we came from, None for a detached or unborn HEAD


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise UserError("--git needs the git command, which is not installed") from None
    if check and result.returncode != 0:
        message = (result.stderr or result.stdout).strip()
        raise UserError(f"git {' '.join(args[:2])} failed: {message}")
    return result


def _existing_ancestor(path: Path) -> Path:
    path = path.resolve()
    while not path.exists():
        path = path.parent
    return path


def prepare_git(target: Path, name: str) -> GitTarget:
    """Refuse unless `target` is in a git repository with nothing else staged; changes
    nothing."""
    start = _existing_ancestor(target)
    found = _git(start, "rev-parse", "--show-toplevel", check=False)
    if found.returncode != 0:
        raise UserError(
            f"--git: {target} is not inside a git repository (run `git init` first, or "
            "drop --git)"
        )
    root = Path(found.stdout.strip()).resolve()
    folder = target.resolve().relative_to(root).as_posix()
    if folder == ".":
        raise UserError("--git: the bundle must be a folder inside the repository, not its root")
    staged = _git(root, "diff", "--cached", "--name-only", "-z").stdout.split("\0")
    others = [p for p in staged if p and p != folder and not p.startswith(f"{folder}/")]
    if others:
        raise UserError(
            f"--git: the index has staged changes outside {folder}/ "
            f"({', '.join(others[:5])}); commit or unstage them first"
        )
    branch = f"etl-gen/{name}"
    current = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    base = (current.stdout.strip() or None) if current.returncode == 0 else None
    return GitTarget(root, folder, branch, None if base == branch else base)


def switch_branch(git: GitTarget) -> None:
    """Move the work tree to the bundle's branch: created from HEAD, or the existing one."""
    if _on_branch(git):
        return
    exists = _git(
        git.root, "rev-parse", "--verify", "--quiet", f"refs/heads/{git.branch}", check=False
    )
    if exists.returncode == 0:
        _git(git.root, "switch", "--quiet", git.branch)
    else:
        _git(git.root, "switch", "--quiet", "--create", git.branch)


def _on_branch(git: GitTarget) -> bool:
    current = _git(git.root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    return current.stdout.strip() == git.branch


def readme_summary(readme: str) -> str:
    """The README's quoted request and its "What it does" steps: the commit body."""
    quote = next((line[2:] for line in readme.splitlines() if line.startswith("> ")), "")
    section = re.search(r"^## What it does\n\n(.*?)(?=^## )", readme, re.S | re.M)
    steps = section.group(1).strip() if section else ""
    return "\n\n".join(part for part in (quote, steps) if part)


def commit_bundle(git: GitTarget, subject: str, readme: str) -> None:
    """Stage exactly the bundle's folder and commit it; print how to open the pull request."""
    _git(git.root, "add", "--all", "--", git.folder)
    if _git(git.root, "diff", "--cached", "--quiet", check=False).returncode == 0:
        print(f"git: nothing to commit on {git.branch}: the bundle is unchanged")
        return
    subject_line = " ".join(subject.split())
    body = readme_summary(readme)
    _git(git.root, "commit", "--quiet", "-m", subject_line, *(["-m", body] if body else []))
    head = _git(git.root, "rev-parse", "--short", "HEAD").stdout.strip()
    print(f"git: committed {git.folder}/ as {head} on branch {git.branch}")
    print("open the pull request:")
    print(f"  git push -u origin {git.branch}")
    base = f" --base {git.base}" if git.base else ""
    print(f"  gh pr create{base} --head {git.branch} --fill")
