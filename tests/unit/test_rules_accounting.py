"""Every word accounted for: unread words refuse the request, --lenient lists them, explain shows
how each clause was read, and the reading round-trips through spec.yaml."""

from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.errors import RequestNotUnderstood
from generator.parse.rules import parse_request
from generator.parse.rules.accounting import unaccounted
from generator.parse.rules.lexicon import MASK
from generator.spec import dump_yaml, spec_from_dict

KNOWN_FAILURE = (
    "Read payments from topic 'payments', deduplicate by payment_id within 1 hour, keep only "
    "status = 'completed', and store in ClickHouse table finance.payments"
)
WITH_EXTRA = (
    "from topic 'payments' keep only status = 'completed' and notify finance, store in "
    "ClickHouse table finance.payments"
)


def test_the_filter_after_a_dedup_is_kept() -> None:
    spec = parse_request(KNOWN_FAILURE)
    filters = [op for op in spec.operators if op.kind == "filter"]
    assert [(f.field, f.op, f.value) for f in filters] == [("status", "eq", "completed")]


def test_unread_words_refuse_the_request_quoting_them() -> None:
    with pytest.raises(RequestNotUnderstood, match="did not understand: 'notify finance'"):
        parse_request(WITH_EXTRA)


def test_lenient_lists_the_unread_words_as_assumptions() -> None:
    spec = parse_request(WITH_EXTRA, lenient=True)
    assert "ignored words the parser did not understand: 'notify finance'" in spec.assumptions
    assert any(r.component == "ignored (--lenient)" for r in spec.reading)


def test_cli_strict_writes_nothing_and_lenient_writes_the_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([WITH_EXTRA, "--offline", "--out", str(tmp_path / "strict")]) == 2
    assert not (tmp_path / "strict").exists()
    assert main([WITH_EXTRA, "--offline", "--lenient", "--out", str(tmp_path / "lenient")]) == 0
    err = capsys.readouterr().err
    assert "note: ignored words the parser did not understand: 'notify finance'" in err
    written = yaml.safe_load((tmp_path / "lenient" / "spec.yaml").read_text(encoding="utf-8"))
    assert "ignored words the parser did not understand: 'notify finance'" in written["assumptions"]


def test_explain_prints_each_clause_and_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", KNOWN_FAILURE]) == 0
    out = capsys.readouterr().out
    rows = {line.split("  ")[0]: line for line in out.splitlines()}
    assert "status eq 'completed'" in rows["keep only status = 'completed'"]
    assert "key payment_id within 1h" in out
    assert "clickhouse finance.payments" in out
    assert "dead_letter_topic = payments-dlq" in out
    assert "input schema: the payments preset" in out


def test_the_reading_round_trips_through_spec_yaml() -> None:
    spec = parse_request(KNOWN_FAILURE)
    again = spec_from_dict(yaml.safe_load(dump_yaml(spec)))
    assert again.reading == spec.reading
    assert [r.component for r in spec.reading] == ["source", "dedup", "filter", "sink", "defaults"]


@pytest.mark.parametrize(
    ("request_text", "language"),
    [
        ("Lies die Klicks aus dem Topic 'clicks' und speichere sie in ClickHouse", "German"),
        ("Lee los pagos del topic de Kafka 'pagos' y guárdalos en ClickHouse", "Spanish"),
        ("Lis les commandes depuis le topic 'commandes' et stocke les résultats", "French"),
        (
            "Ciao! Dal topic rifugi.prenotazioni vorrei contare le prenotazioni per ogni "
            "rifugio_id ogni ora e scrivere il risultato nella tabella ClickHouse rifugi.orarie",
            "Italian",
        ),
        (
            "Leia os pedidos do tópico loja.pedidos, conte os pedidos por cliente_id a cada "
            "hora e grave o resultado na tabela ClickHouse loja.pedidos_hora",
            "Portuguese",
        ),
        (
            "Lees de bestellingen uit topic winkel.orders, tel ze per klant_id elk uur en "
            "schrijf het resultaat naar ClickHouse tabel winkel.per_uur",
            "Dutch",
        ),
        (
            "Baca pesanan dari topik toko.pesanan, hitung jumlah pesanan per pelanggan_id "
            "setiap jam dan simpan hasilnya ke tabel ClickHouse toko.pesanan_jam",
            "Indonesian",
        ),
        (
            "atolye.olaylar konusundaki ölçümleri makine_id için saatlik grupla ve sonuçlar "
            "tablosuna yaz",
            "Turkish",
        ),
        (
            "Odczytaj zamówienia z tematu sklep.zamowienia, policz je dla każdego sklepu co "
            "godzinę i zapisz wynik do tabeli ClickHouse sklep.godzinowe",
            "Polish",
        ),
        (
            "Läs beställningar från ämnet butik.ordrar, räkna dem per kund_id varje timme och "
            "spara resultatet i ClickHouse-tabellen butik.per_timme",
            "Swedish",
        ),
        (
            "Kan du lage en pipeline som leser fra heis.passeringer, teller antall turer per "
            "heis_id hvert kvarter og skriver resultatet til ClickHouse-tabellen anlegg.turer?",
            "Norwegian",
        ),
        (
            "Læs ordrer fra emnet butik.ordrer, tæl dem per kunde_id hver time og gem "
            "resultatet i ClickHouse-tabellen butik.per_time",
            "Danish",
        ),
        (
            "Lue aihe kauppa.tilaukset, laske tilaukset asiakas_id:n mukaan tunneittain ja "
            "kirjoita tulokset ClickHouse-tauluun kauppa.tunneittain",
            "Finnish",
        ),
    ],
)
def test_other_languages_point_to_the_llm_path(request_text: str, language: str) -> None:
    with pytest.raises(RequestNotUnderstood) as error:
        parse_request(request_text)
    assert f"looks like {language}" in str(error.value)
    assert "--llm" in str(error.value) and "OPENAI_API_KEY" in str(error.value)


@pytest.mark.parametrize(
    "request_text",
    [
        "Z topicu dilna.udalosti spočítej každých deset minut průměrnou teplota_c a zapiš do "
        "ClickHouse tabulky dilna.prumery.",
        "Olvasd be a gyar.esemenyek topicot, számold óránként az átlagos hőmérsékletet és írd "
        "a ClickHouse gyar.atlagok táblába",
        "Διάβασε το topic ergo.events και υπολόγισε κάθε ώρα το άθροισμα",
    ],
)
def test_any_language_with_letters_english_does_not_use_points_to_the_llm_path(
    request_text: str,
) -> None:
    with pytest.raises(RequestNotUnderstood) as error:
        parse_request(request_text)
    assert "does not look like English" in str(error.value)
    assert "--llm" in str(error.value)


def test_capitalised_names_with_accents_are_no_other_language() -> None:
    # (the names themselves are not read: refused for them, not for the language)
    with pytest.raises(RequestNotUnderstood) as error:
        parse_request("Count orders from topic cafe-orders at Café Müller per barista_id hourly")
    assert "English" not in str(error.value)


def test_a_misspelt_keyword_is_read_and_listed() -> None:
    spec = parse_request(
        "from topic orders deduplicate by order_id within 1 hour and stroe in ClickHouse tabel a.b"
    )
    assert [op.kind for op in spec.operators] == ["dedup"]
    assert (spec.sinks[0].kind, spec.sinks[0].table) == ("clickhouse", "b")
    assert "read 'stroe' as 'store'" in spec.assumptions
    assert "read 'tabel' as 'table'" in spec.assumptions


def test_a_misspelt_name_is_never_corrected() -> None:
    spec = parse_request("from topic paymnets store in ClickHouse table a.b")
    assert spec.source.topics == ["paymnets"]


@pytest.mark.parametrize(
    "request_text",
    [
        "from topic tap-ins keep everything but line, print",
        "from topic tap-ins, keep all except zone. print",
    ],
)
def test_an_exception_to_all_that_nothing_read_is_refused(request_text: str) -> None:
    """Each word of 'keep everything but line' is filler alone: read together they ask for a
    field to be left out, so unread they are quoted, never passed over (exit 0, no select)."""
    with pytest.raises(RequestNotUnderstood, match=r"everything but line|all except zone"):
        parse_request(request_text)


@pytest.mark.parametrize(
    ("request_text", "quoted"),
    [
        (
            "Join topic orders with topic payments on order_id within 15 minutes (payment after "
            "the order only), write to topic matched.",
            "payment after the order only",
        ),
        (
            "Count clicks per page_id every minute from topic clicks but only after the first "
            "click, write to stdout.",
            "only after the first click",
        ),
        ("Read topic app-logs and print them to stdout, just the first log", "just the first log"),
    ],
)
def test_a_clause_of_filler_and_domain_words_that_restricts_is_refused(
    request_text: str, quoted: str
) -> None:
    """'only', 'after', 'first' are filler alone and 'payment', 'click' are domain words: said
    together they select or order records, so unread they are quoted, never passed over."""
    with pytest.raises(RequestNotUnderstood, match=quoted):
        parse_request(request_text)


@pytest.mark.parametrize(
    "request_text",
    [
        "Read topic app-logs, just print it.",
        "First read topic orders then write them to topic orders-out.",
        "from topic orders keep only orders, print",
        "Only process payments with currency = 'EUR' from topic pay.payments, print them",
    ],
)
def test_emphasis_and_step_order_words_stay_filler(request_text: str) -> None:
    """'just', 'only' beside the stream's own records, and 'first' ordering the steps, select
    nothing: read as before."""
    assert parse_request(request_text).sinks


@pytest.mark.parametrize(
    ("words", "flagged"),
    [
        ("as revenue from then on", True),
        ("as purchases from the start", True),
        ("such as orders from", False),
        ("as usual from", False),
    ],
)
def test_late_name_before_from_is_a_name_given(words: str, flagged: bool) -> None:
    """h31/wrong14: "as <name>" right before "from ..." names something; unread, it refuses."""
    from generator.parse.rules.accounting import _NAME_GIVEN

    assert bool(_NAME_GIVEN.search(words)) is flagged


# (h33/wrong17) --lenient never ignores a number it could not read: its step would take another
@pytest.mark.parametrize(
    "words", ["every twnety-five minutes", "in windows of fourty-five minutes", "fiveteen minutes"]
)
def test_lenient_refuses_an_unread_number(words: str) -> None:
    request = f"Read topic shop.orders, sum amount per region_id {words}, print"
    with pytest.raises(RequestNotUnderstood, match="--lenient does not ignore a number"):
        parse_request(request, lenient=True)


def test_near_number_word_keeps_the_first_letter() -> None:
    from generator.parse.rules.accounting import _near_number_word

    assert _near_number_word("fourty") and _near_number_word("twnety")
    assert not _near_number_word("done") and not _near_number_word("minutes")


@pytest.mark.parametrize(
    ("text", "markers"),
    [
        ("Requirements: (1) discard x, (2) remove y", ["(1)", "(2)"]),
        ("read x. Step 2: keep y. Step 3 - write z", ["Step 2:", "Step 3 -"]),
        ("ok so: 1) read x, 2) keep y", ["1)", "2)"]),
        ("read x (step 3 of 5), keep y", ["(step 3 of 5)"]),
        # never a number said as a value or a window's slide
        ("keep tickets where priority is (1) and write", []),
        ("in 10 minute windows, step 2 minutes", []),
        ("in 10 minute windows, step 2m", []),
    ],
)
def test_inline_list_markers(text: str, markers: list[str]) -> None:
    from generator.parse.rules.accounting import LIST_MARKER

    found = [m.group("m") or m.group("p") for m in LIST_MARKER.finditer(text)]
    assert found == markers


def test_a_list_of_values_is_no_list_marker() -> None:
    from generator.parse.rules.accounting import LIST_MARKER

    assert not LIST_MARKER.search("keep status in (1,2) and write")


@pytest.mark.parametrize(
    "request_text",
    [
        # plain letters, a language with no list of its own: almost no word the parser knows
        "Irakurri shop.pos_sales topic-a, kendu errepikatutako receipt_id-ak ordu erdiko epean, "
        "eta idatzi salmentak ClickHouse-eko retail.sales taulan.",
        "Soma matukio kutoka topic orders, chuja yale ambayo amount ni zaidi ya 100, kisha "
        "andika matokeo kwenye jedwali la ClickHouse shop.big_orders tafadhali.",
    ],
)
def test_few_english_words_points_to_the_llm_path(request_text: str) -> None:
    with pytest.raises(RequestNotUnderstood) as error:
        parse_request(request_text)
    assert "does not look like English" in str(error.value)


def test_terse_english_with_many_names_is_read() -> None:
    spec = parse_request(
        "forge.anvil_strikes -> count strikes per anvil_id every minute as strike_count -> "
        "clickhouse smithy.strike_rates"
    )
    assert spec.source.topics == ["forge.anvil_strikes"]


def test_a_count_of_domain_records_nothing_read_is_unread() -> None:
    text = "from topic x per paddock count readings and the max of level_pct, print"
    masked = text
    for word in ("topic x", "per paddock", "max of level_pct", "print"):
        masked = masked.replace(word, MASK * len(word))
    # (the aggregate reader took the max only: 'count' is filler, 'readings' a domain word)
    assert unaccounted(masked, text) == ["count"]
