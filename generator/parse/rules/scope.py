"""Scope: requests the offline parser refuses before reading them.

Two kinds: a request not written in English (the recognisers' lexicons are English), and a
clause asking for something the spec cannot hold or the offline parser cannot read yet (casts
and text functions in computed fields, masking, LIKE/regex filters, right and full outer joins,
retention and topic patterns in phrasings the recognisers do not read, credentials and Kafka
security beyond SASL PLAIN/SCRAM and TLS, reading Kafka headers,
record formats other than JSON, Redis values other than a JSON string or hash, stores other
than Kafka, ClickHouse, Redis and stdout). Refusing names the clause, so nothing the request asked for is
dropped or changed silently.
"""

from __future__ import annotations

import functools
import json

from ...errors import RequestNotUnderstood
from . import lazy_re as re
from .context import duplicates_why, replaced_spans
from .leadins import TODAY_PROCESS
from .lexicon import DROP_VERB, NO_SOURCE, QUOTED, word_set
from .quantities import ICASE
from .state import Cond

LLM_HINT = (
    "use the LLM parser, which reads other languages: set OPENAI_API_KEY (or OPENAI_BASE_URL "
    "for a local OpenAI-compatible server) and run etl-gen with --llm"
)

# Function words that are common in each language and are not English words.
_LANGUAGES: dict[str, frozenset[str]] = {
    "German": word_set(
        """und der das mit aus nach für fur von dem den ein eine einer einem jede jeder
            jeden jedes speichere speichern lies lese lesen schreibe schreiben berechne
            berechnen nur nicht ist wo filtere filtern zähle zähle zählen tabelle thema
            pro minute sekunden stunde gruppiert gruppiere summe durchschnitt ereignisse
            alle im zum zur oder sowie werden wird dann danach sie es bitte ergebnis
            ergebnisse daten"""
    )
    - {"pro", "minute", "die", "in"},
    "Spanish": word_set(
        """del de la las los el y con por cada en para que una un desde guardar guarda
            guárdalo lee leer lea calcula calcular tabla solo sólo minuto minutos
            agrupar agrupado agrupa suma eventos pagos pedidos usuarios cuenta contar
            filtra filtrar escribe escribir almacena almacenar luego después tema datos
            resultado resultados mayor menor al lo se sus su"""
    ),
    "French": word_set("""le la les des du et avec pour chaque dans une depuis vers enregistrer
            enregistre lire lis calculer calcule seulement regroupé regroupés regrouper
            somme événements stocker stocke puis ensuite données résultat résultats par
            sur qui au aux ou est sont lit écris écrire filtre filtrer compte compter
            moyenne paiements commandes"""),
    "Italian": word_set(
        """il lo gli dal dalla dai dagli del della dei degli nel nella nei negli alla ai
            ogni ed che da un una uno poi dopo scrivi scrivere salva salvare leggi leggere
            calcola calcolare conta contare tabella argomento solo soltanto minuti ora ore
            secondi somma eventi ordini utenti risultato risultati dati vorrei grazie
            ciao raggruppa raggruppati filtra filtrare invia inviare manda mandare"""
    ),
    "Portuguese": word_set(
        """os do da dos das na nos nas ao aos com para cada em um uma depois então
            escreva escrever grave gravar salve salvar leia ler calcule calcular conte
            contar tabela tópico apenas somente minutos hora horas segundos soma média
            eventos pedidos usuários resultado resultados dados obrigado olá agrupe
            agrupar filtre filtrar envie enviar não"""
    ),
    "Dutch": word_set("""het een en van met voor elke ieder naar uit daarna schrijf schrijven sla
            opslaan lees lezen bereken berekenen tel tellen tabel onderwerp alleen
            minuten minuut uur seconden gemiddelde gebeurtenissen bestellingen gebruikers
            resultaat resultaten gegevens graag bedankt hallo groepeer groeperen filteren
            stuur sturen niet zijn waar wordt worden"""),
    "Indonesian": word_set(
        """dari ke dan yang untuk setiap tiap di dengan lalu kemudian tulis tuliskan
            simpan simpankan baca hitung hitunglah tabel topik hanya menit jam detik
            jumlah rata-rata peristiwa pesanan pengguna hasil tolong terima kasih halo
            kelompokkan saring kirim kirimkan tidak adalah dalam ini itu akan bisa mohon
            setiap lebih kurang dari masukkan"""
    ),
    "Polish": word_set(
        """czytaj czytać odczytaj temat tematu odrzuć odrzucić zapisz zapisać wyniki wynik do
            tabela tabeli i oraz z ze w na dla po od przez potem następnie tylko każdy każdej
            każdego minut minuty godzina godziny sekund suma średnia zdarzenia zamówienia
            użytkownicy dane grupuj pogrupuj filtruj wyślij nie jest gdzie zlicz policz
            oblicz poniżej powyżej proszę dzięki cześć"""
    ),
    "Swedish": word_set(
        """och från till med för varje läs läsa skriv skriva spara räkna beräkna tabell ämne
            ämnet bara endast minuter timme timmar sekunder summa medel medelvärde händelser
            ordrar användare resultat tack hej gruppera filtrera skicka inte är där sedan
            därefter eller alla ett en som den det"""
    ),
    "Norwegian": word_set(
        """og fra til med hver hvert hvor les leser lese skriv skriver skrive lagre lagrer
            lage tell teller telle beregn beregner tabell tabellen emne emnet bare kun
            minutter minutt timer sekunder gjennomsnitt hendelser bestillinger brukere
            resultat resultatet takk hei grupper grupperer filtrer ikke er der deretter
            eller alle et en som den det kan du jeg vil antall kvarter"""
    ),
    "Danish": word_set(
        """og fra til med hver hvert hvor læs læser læse skriv skriver skrive gem gemme
            tæl tæller tælle beregn beregner tabel tabellen emne emnet kun minutter minut
            timer sekunder gennemsnit hændelser ordrer brugere resultat resultatet tak hej
            grupper grupperer filtrer ikke er der derefter eller alle et en som den det
            kan du jeg vil gerne antal kvarter"""
    ),
    "Icelandic": word_set(
        """og úr í á að sem er eru ekki aðeins bara hver hverja hverri hvert lestu lesa lesið
            skrifaðu skrifa skrifið vistaðu vista reiknaðu reikna teldu telja tafla töflu
            töfluna töflunni efni efninu efnið mínútu mínútur klukkustund klukkutíma sekúndur
            summa meðaltal atburðir atburði pantanir notendur niðurstöður niðurstöðurnar gögn
            takk halló hópaðu síaðu sendu þar þegar eftir síðan eða allar allir allt haltu
            færslur færslum færslna meiri minni en fyrir með frá til"""
    ),
    "Finnish": word_set(
        """lue laske kirjoita tallenna aihe aiheesta aiheen tauluun taulu taulukkoon ja tai
            vain ainoastaan jokainen jokaisen joka minuutin minuuttia minuutti tunti tunnin
            tunneittain päivittäin sekunnin sekuntia summa keskiarvo tapahtumat tapahtumia
            tilaukset käyttäjät tulos tulokset kiitos hei ryhmittele suodata lähetä ei on
            missä sitten jälkeen kaikki kanssa mukaan"""
    ),
    "Turkish": word_set(
        # (no word with a dotless i: the linter takes it for a slip of "i")
        """ve ile için bir her bu şu da de den dan ten tan oku okuyun yaz kaydet hesapla say
            filtrele sadece dakika dakikada saat saniye toplam ortalama olay olaylar sipariş
            siparişler sonuç veri lütfen teşekkürler merhaba grupla gönder değil olan gelen
            sonra tablo tablosuna tabloya konu iptal edilen edilenleri göre"""
    ),
}
# Words of those lists that English (or a name in an English request) uses too: they count
# towards a language's share of the words, never as one of its distinct hits.
_ENGLISH_TOO = word_set(
    """a an in on to the die table pro minute par per data filter is as do no em i w z po na her say ten tan den
    con solo media dal ore di ke jam tel som een dan ini ora sla van met den uit
    waar voor halo tiap hasil for time timer send sum bare teller gem tell der hej et kan
    du"""
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def refuse_other_language(text: str) -> None:
    """Refuse a request written mostly in another language, saying how to read it instead."""
    # ("topic'inden", "ClickHouse'ta": a suffix after an apostrophe is no quote)
    text = re.sub(r"(?<=[^\W\d_])'(?=[^\W\d_])", "", text)
    # (names with '_' or '.', "ribja_trznica.prodaja", are no words of any language)
    text = re.sub(r"\w+(?:[._]\w+)+", " ", text)
    written = _WORD.findall(re.sub(QUOTED, " ", text))
    words = [w.lower() for w in written]
    if not words:
        return
    accented = any(not w.isascii() for w in words)
    # Related languages share function words (Spanish and Portuguese "para", "com"): the one
    # with the most distinct words of its own is named.
    for language, lexicon in sorted(
        _LANGUAGES.items(), key=lambda item: -len(set(words) & item[1] - _ENGLISH_TOO)
    ):
        hits = {w for w in words if w in lexicon and w not in _ENGLISH_TOO}
        share = sum(1 for w in words if w in lexicon) / len(words)
        if (len(hits) >= 3 and share >= 0.2) or (accented and len(hits) >= 2 and share >= 0.15):
            raise RequestNotUnderstood(
                f"the request looks like {language}; the offline parser reads English only. "
                f"Write the request in English, or {LLM_HINT}"
            )
    # Any other language: lower-case or caseless words with letters English does not use
    # ("spočítej každých pět minut", "ölçümleri ... hesapla", Greek script); names are capitalised
    # ("Café Müller") and names of fields or topics were taken out above.
    # (a script with no capitals, Devanagari or Arabic, has no names to tell apart that way)
    foreign = [
        w for w in written if not w.isascii() and (w.islower() or not any(c.isupper() for c in w))
    ]
    if len(foreign) >= 2 and len(foreign) / len(words) >= 0.1:
        raise _not_english(foreign, text)
    _refuse_few_english_words(words, text)


def _not_english(words: list[str], text: str) -> RequestNotUnderstood:
    # (a script whose vowel signs are no letters, Thai or Khmer, splits a word into pieces:
    # the whole word as written is quoted)
    tokens = text.split()
    whole = [next((t for t in tokens if w in t.lower()), w).strip(".,;:!?()'\"") for w in words]
    said = ", ".join(repr(w) for w in dict.fromkeys(whole[:3]))
    return RequestNotUnderstood(
        f"the request does not look like English (words such as {said}); the offline parser "
        f"reads English only. Write the request in English, or {LLM_HINT}"
    )


# A language of plain letters and none of the lists above (Basque, Welsh: "Irakurri ... kendu
# errepikatutako ... eta idatzi"): almost none of its words is a word the parser knows (its
# keywords, filler and function words, English words near them, or a slip one letter from a
# keyword). English requests, terse or chatty, have a fifth of them at least (corpus: 0.22 the
# lowest, a typo-laden one; other languages 0.20 at most, most under 0.15).
_FEW_ENGLISH_WORDS = 10
_ENGLISH_SHARE = 0.12


# Names of stores and their parts that requests in any language use as they are ("topic-a",
# "ClickHouse-eko taulan"): counted neither way
_TECH_WORDS = word_set(
    """topic topics table tables kafka clickhouse redis stdout json dlq cdc debezium postgres
    postgresql mysql id ids"""
)


def _refuse_few_english_words(words: list[str], text: str) -> None:
    words = [w for w in words if len(w) >= 2 and w not in _TECH_WORDS]
    if len(words) < _FEW_ENGLISH_WORDS:
        return
    unknown = [w for w in words if not _known_english(w)]
    if 1 - len(unknown) / len(words) < _ENGLISH_SHARE:
        raise _not_english(unknown, text)


@functools.cache
def _english_words() -> frozenset[str]:
    from .accounting import FILLER  # (lazy: accounting reads this module's neighbours)
    from .lexicon import ASK_WORDS, COLUMN_TYPES, STOP
    from .text import KEYWORDS, english_near

    words = FILLER | STOP | ASK_WORDS | KEYWORDS | english_near() | set(COLUMN_TYPES)
    return frozenset(w.lower() for w in words)


def _known_english(word: str) -> bool:
    from .text import one_edit_word

    return word in _english_words() or one_edit_word(word) is not None


# A step put off ("at some point we'd like dashboards"): a request naming no source at all is
# refused for that first (see parse_request), the later step being one vague wish among others
LATER_STEP = "a step asked for later (the pipeline is built with what is asked for now)"
_TEXT_FUNCTIONS = "computed fields other than arithmetic (casts, text functions, defaults)"
_PATTERN_FILTER = "a filter on text by pattern (LIKE, regex)"
# What the spec can hold (a spec file or the LLM path can use it) but the offline parser does
# not read yet.
_TOPIC_PATTERN = "a topic pattern (subscribing to every topic matching a pattern)"
_OUTER_JOIN = "a right or full outer join (keeping unmatched records of the other stream)"
_RETENTION = "data retention (a ClickHouse TTL)"
_MASKING = "masking or redacting fields"
_HEADERS = "reading Kafka message headers (routing or filtering by a header)"
_PARSER_GAPS = (_TEXT_FUNCTIONS, _PATTERN_FILTER, _TOPIC_PATTERN, _RETENTION)
_CREDENTIALS = "credentials"
# "We currently export the booking table to CSV every night.", "Today they email a CSV ...": a
# sentence of how the sender works now (read as background by the purpose reader), no sink
_DONE_TODAY = re.compile(
    r"\s*(?:we|i|they|[a-z]+\s+team)\s+(?:currently|today|right\s+now|still|at\s+the\s+moment)\s+"
    r"(?:export|dump|cop(?:y|ie)|e-?mail|upload|sync|pull|ship|move)"
    r"s?\b(?![^.;!?]*\btopic\b)",
    re.IGNORECASE,
)
# "We are moving our reporting off a weekly CSV export: read topic signups ...": the store left
# behind, said before it in the same sentence, while a topic is read (background, no sink)
_LEFT_BEHIND = re.compile(
    r"\b(?:(?:mov|migrat|switch|shift)\w*\s+(?:[\w-]+\s+){0,4}?(?:off(?:\s+of)?|away\s+from)"
    r"|instead\s+of|rather\s+than|replac\w*|retir\w*)\s+(?:(?:a|an|the|our|their|its)\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# A word right after "topic" or "table" is its name ("deduplicate topic webhooks").
_NAMED = re.compile(r"\b(?:topic|table)\s+$", re.IGNORECASE)
_ROUTING = "routing different records to different sinks (a filter applies to every sink)"
# Words that select some records: "only", "those", "where", a comparison with a number.
_SELECTION = (
    r"(?:\b(?:only|just)\b(?!\s+(?:the\s+)?(?:fields?|columns?)\b)"
    r"|\b(?:the\s+ones|those|ones|where|whose)\b"
    # "... and the failures also to topic y": a kind of record named as the selection
    r"|\b(?:the\s+)?(?:failures|failed\s+(?:ones|[a-z]+s)|bad\s+ones|big\s+ones)\b"
    r"|\b(?:above|over|below|under|exceed\w*|more\s+than|less\s+than|greater\s+than"
    r"|at\s+least|at\s+most)\s+[$€£¥]?\d|[<>]=?|!=|(?<![=!<>])=(?!=))"
)
_SELECTS = re.compile(_SELECTION, re.I)
# "send inverters missing from Redis to topic x", "lookup misses go to topic x": where a lookup's
# misses go (the lookup's miss topic, read by the enrichment), before "and the rest to y"
_MISS_ROUTED = re.compile(
    r"\b(?:missing\s+(?:from|in)\s+(?:the\s+)?(?:redis|lookup|cache)|not\s+found\s+in\s+"
    r"(?:the\s+)?(?:redis|lookup|cache)|(?:lookup\s+|redis\s+)misses"
    # ("if the member isn't in Redis, send the tap to topic x")
    r"|(?:isn't|is\s+not|aren't|are\s+not)\s+in\s+(?:the\s+)?(?:redis|lookup|cache)\b[\s,]*"
    r"(?:send|write|route|publish|put|forward)"
    r")\b[^.;]*\b(?:to|into)\s+(?:the\s+)?(?:kafka\s+)?(?:dead[\s-]letter\s+)?topic\b",
    re.I,
)

# "look up plates in Redis under plate:{plate}": where a lookup reads, no destination
_LOOKUP_IN = re.compile(
    r"\blook(?:s|ing|ed)?\s+(?:up\s+)?(?:(?:the|each|every|their|its)\s+)?(?:[\w{}:.-]+\s+){0,3}?"
    r"(?:up\s+)?in\s+(?:the\s+)?redis\b",
    re.I,
)


def _clause_before(text: str, m: re.Match[str]) -> str:
    """The sentence before the words `m`, up to them."""
    # (a full stop only before a space: never the dot inside a name like "solar.inverters")
    ends = [e.end() for e in re.finditer(r"[.;!?](?=\s)|\n", text[: m.start()])]
    return text[max(ends, default=0) : m.start()]


_THE_REST = re.compile(r"\b(?:rest|others?|remaining|else|otherwise)\b", re.I)
# Where records go: with one destination, "write the rest to X" is the records a filter or
# dedup kept, not a second route.
_PRODUCER_VERBS = r"(?:upload|send|push|publish|post|log|emit|stream|produce)"
_DESTINATION = re.compile(
    # ("whose publisher is not in Redis": a lookup that misses, no destination)
    r"(?<!\bnot\s)(?<!\bis\s)(?<!\bare\s)(?<!\bfound\s)(?<!\bexist\s)(?<!\bexists\s)"
    r"\b(?:to|into|in|onto|for)\s+(?:the\s+|a\s+|our\s+)?(?:kafka\s+)?(?:topic|clickhouse|redis"
    r"|stdout|console|terminal)\b|\bprint\w*\b",
    re.IGNORECASE,
)
# "Our ticketing partner pushes every sale to the topic x", "dive computers that upload every
# log to x": a producer's verb said of every record (a third-person verb, or one after
# "that/which/who"), never an imperative routing every record to one sink ("send every order
# to topic x and only ... to y"); the producer readers read the sentence as the source
_PRODUCERS_EVERY = re.compile(
    rf"(?:\b(?:that|which|who)\s+{_PRODUCER_VERBS}|\b{_PRODUCER_VERBS}e?s)\s+$",
    re.IGNORECASE,
)
_OTHER_STORE = "a sink or source other than Kafka, ClickHouse, Redis or stdout"

# "file" as where records are read or written: after a preposition or a writing verb ("to a
# file", "into local files", "from the file", "write a file", "dump them as files"), or before a
# store's noun ("file sink", "a file per hour", "file system"). Never a thing the records are
# about: "Customers often upload the same file twice", "the file_hash of each upload".
_FILE_LEADS = word_set(
    "to into in from onto as write writes writing written save saves saving saved export"
    " exports exporting dump dumps dumping append appends appending read reads reading"
)
_FILE_DETS = {"", *word_set("a an the one new local flat text log separate json plain some our my")}
_FILE_BEFORE = sorted(
    f"{lead} {art}{det}".strip()
    for lead in _FILE_LEADS
    for det in _FILE_DETS
    for art in ("", "a ", "the ")
    if not (art and det in ("", "a", "an", "the", "one", "some", "our", "my"))
)
_FILE_STORE = (
    "(?:"
    + "|".join(rf"(?<=\b{re.escape(w)}\s)" for w in _FILE_BEFORE)
    + r")files?|files?(?=\s+(?:sinks?|sources?|outputs?|exports?|dumps?|storage|systems?|per"
    r"|shares?|servers?|drops?|targets?|destinations?)\b)"
)
_SQL_SINK = "a PostgreSQL or MySQL sink"
_DONE_BEFORE = "a step done before"
_RECORDS_DESCRIBED = "a statement of which records the topic holds"
# A verb that acts on the records a statement describes ("there are orders where amount is 0;
# drop them"): then the sentence asks for a filter.
_ACTS_ON_RECORDS = re.compile(
    r"\b(?:keep\w*|drop\w*|ignor\w*|remov\w*|filter\w*|exclud\w*|skip\w*|discard\w*|only"
    r"|just|count\w*|sum\w*|send\w*|route\w*|write\w*|flag\w*|alert\w*|print\w*|pass\w*)\b",
    ICASE,
)

# The records a dedup drops, and a sink named after them (a store, or a name with '-' or '.').
_DUPES = (
    r"(?:duplicates?|dupes?|dups|repeats|(?:duplicated|repeated)\s+[a-z]+s"
    r"|duplicate\s+[a-z]+s|(?:the\s+)?(?:second|later|extra)\s+copies)"
)
_DUPES_TO = (
    r"(?:the\s+|a\s+|an\s+|our\s+|its\s+|their\s+)?(?:(?:own\s+|separate\s+|dedicated\s+"
    r"|different\s+|side\s+)?(?:kafka\s+)?(?:topic|table|clickhouse|redis|stdout|console"
    r"|terminal|screen|log|dlq|dead[\s-]*letter)\b|[A-Za-z]\w*[-.][\w.-]*[A-Za-z0-9]|'[^']+')"
)

# (what the spec cannot express, pattern). Checked on the request with quoted names blanked.
_ON_CHANGE = "emitting a result only when it changes (a window emits each closed window once)"
# "only emit changes", "emit only updates": said of a CDC stream, its change events themselves
_CHANGES_ONLY = re.compile(
    r"(?:only\s+\w+|\w+\s+only)\s+(?:the\s+)?(?:\w+\s+)?(?:changes|changed\s+\w+|deltas|updates)",
    ICASE,
)


def _cdc(text: str) -> bool:
    from .cdc import is_cdc_request  # (cdc imports this module's neighbours)

    return is_cdc_request(text)


_OUT_OF_SCOPE: list[tuple[str, re.Pattern[str]]] = [
    (
        # "Some orders have status = 'test'.", "There are orders where amount is 0.", "(it also
        # contains refunds with type = refund)": what the topic holds, which the filters would
        # read as the only records to keep
        _RECORDS_DESCRIBED,
        re.compile(
            r"\b(?:there\s+(?:are|is|will\s+be|may\s+be|might\s+be|can\s+be)(?:\s+also)?"
            r"(?:\s+(?:some|many|a\s+few|a\s+lot\s+of|lots\s+of))?\s+[a-z]+"
            r"|(?:some|many|most|several|certain|a\s+few)\s+(?:of\s+(?:the|them|these)\s+)?"
            r"(?:[a-z]+\s+)?[a-z]+\s+(?:also\s+)?(?:have|has|had|carry|carries|are|come\s+with)"
            r"|(?:it|they|the\s+topic|this\s+topic|the\s+stream)\s+(?:also\s+)?(?:contains?"
            r"|includes?|has|have|carries|mixes|mix)(?:\s+(?:also|some|a\s+few))?\s+[a-z]+)"
            r"\s+(?:with|where|whose|that\s+have|which\s+have|[a-z_]+\s*(?:[=<>]|!=|is\b))",
            ICASE,
        ),
    ),
    (
        # "Print them; we used to write to topic old-orders", "The old job used to dedup by id":
        # what was done before (and no longer is?), which the recognisers read as a step now
        _DONE_BEFORE,
        re.compile(
            r"\b(?:(?:we|i|they|you|it)|(?:the|our|their|my)\s+(?:[\w-]+\s+){0,2}?(?:job|jobs"
            r"|pipeline|pipelines|system|service|app|consumer|code|script|process|setup|flow|etl"
            r"|version|tool|team))\s+(?:\w+\s+)?used\s+to\s+"
            # ("We used to do this on paper every morning": done by hand, background read by
            # leadins.BY_HAND_AFTER)
            r"(?!(?:do|handle|track|count|check|manage|log|tally)\s+(?:this|it|that|them|all\s+this)"
            r"\s+(?:by\s+hand|manually|on\s+paper)\b)[a-z]+\b",
            ICASE,
        ),
    ),
    # (before the stores: "Avro, with schema registry at http://...": the format, no URL sink)
    (
        "a record format other than JSON or Debezium change events (Avro, Protobuf, a schema "
        "registry)",
        re.compile(
            r"\b(?:avro|protobuf|proto3?|schema[\s-]+registry|msgpack|messagepack|thrift)\b",
            ICASE,
        ),
    ),
    (
        _OTHER_STORE,
        re.compile(
            r"(?<![\w-])(?:elasticsearch|elastic|opensearch|s3|gcs|snowflake|bigquery|redshift|"
            r"mongo(?:db)?|cassandra|scylla(?:db)?|dynamo(?:db)?|bigtable|hdfs|parquet|"
            r"influx(?:db)?|timescale(?:db)?|druid|pinot|kinesis|pulsar|rabbit\s*mq|nats|mqtt|"
            # "rabbit" alone is an animal ("species is dog, cat or rabbit"), not RabbitMQ
            r"rabbit\s+(?:queues?|exchanges?|broker)|"
            r"sqs|sns|pub/?sub|event\s*hubs?|webhooks?|pagerduty|e-mail|"
            # Slack, never the English word: "(slack water basically)", "a slack tide", "give
            # it some slack"
            r"(?<!\bsome\s)(?<!\bof\s)(?<!\bany\s)(?<!\bmore\s)(?<!\bno\s)(?<!\blittle\s)"
            # ("slack: hey can we get ...", "slack msg from logistics: ...": a label opening the
            # request says where it was posted, never where records go)
            r"(?!(?<![\s\S])slack\s*(?:(?:msg|message|post|thread|dm)\s+)?(?:from\s+[\w-]+\s*)?:)"
            r"slack(?!\s+(?:water|waters|tide|tides|period|periods|season|time|times|hours?|line"
            r"|lines|rope|wire|jaw|off|in\s+the)\b)|"
            # SMS as where records go ("alert the manager by SMS", "send an SMS", "SMS them"),
            # never a word naming the records ("Aftercare SMS cleanup", "the SMS events")
            r"(?:(?<=\bby\s)|(?<=\bvia\s)|(?<=\bover\s)|(?<=\bthrough\s)|(?<=\ban\s)|(?<=\bas\s)"
            r"|(?<=\bto\s)|(?<=\binto\s)|(?<=\bsend\s)|(?<=\bsends\s)|(?<=\bsending\s)"
            r"|(?<=\bsent\s)|(?<=\btext\s)|(?<=\bsms\s)|(?:^|(?<=[.;:!?]\s))(?=sms\s+(?:the|them|him"
            r"|her|me|us|our|all|every|each)\b))sms(?:es)?|sms(?=\s+(?:alerts?|notifications?"
            r"|gateway|provider|api)\b)|"
            r"prometheus|datadog|splunk|loki|delta\s+lake|iceberg|hudi|duckdb|sqlite|oracle|"
            # Apache Hive, not a beehive ("Hive entrance counters"): named as a system, or as
            # where records go ("into Hive", "to a Hive table")
            r"apache\s+hive|hiveql|hive(?=\s+(?:tables?|metastore|warehouse|database|db|sink"
            r"|cluster|server|partitions?|external\s+tables?)\b)|(?:(?<=\bto\s)|(?<=\binto\s)"
            r"|(?<=\bin\s)|(?<=\bonto\s)|(?<=\bfrom\s))hive(?=\s*(?:[,.;!?)]|$|\s+(?:and|then"
            r"|with|as|please|pls)\b))|"
            rf"sql\s*server|mssql|databricks|athena|minio|azure|blob\s+storage|csv|(?<!\bca\s){_FILE_STORE}|"
            r"http\s+endpoint|rest\s+api|https?://[^\s)]*[^\s).,;:!?]|memcached|couchbase|neo4j|solr|firehose"
            r"|(?:send|by|via)\s+(?:an\s+)?emails?|email\s+(?:alerts?|notifications?))"
            r"(?![\w-])",
            ICASE,
        ),
    ),
    (
        _SQL_SINK,
        re.compile(
            r"\b(?:write|store|save|insert|load|sink|push|send|upsert|persist|land|put)\w*\b"
            r"[^,.;]{0,40}?\b(?:(?:into|to|in)\s+"
            # ("into the jobs table of our Postgres database": the table first, then its store;
            # never "push changes in the orders table of our Postgres ...", a CDC source)
            r"|(?:into|to)\s+(?:a\s+|the\s+)?[\w-]+\s+table\s+(?:of|in|on)\s+)"
            r"(?:a\s+|the\s+|our\s+)?(?:postgres(?:ql)?|mysql|mariadb)\b",
            ICASE,
        ),
    ),
    (
        _CREDENTIALS,
        re.compile(
            # not "credential stuffing" (an attack) or "distinct username values" (a field)
            r"(?<!distinct\s)(?<!unique\s)(?<!per\s)(?<!by\s)"
            # (never a part of a name: the topic "password-resets")
            r"(?<![-.])\b(?:passwords?|passwd|credentials?|usernames?|api[\s_-]*keys?)\b(?![-.]\w)"
            r"(?!\s+(?:id|field|column|hash|values?|stuffing|attacks?)\b)"
            # a value given for it ("password hunter2", "username: admin"), not a field named
            # username in a list ("each with source_ip, username, outcome and a timestamp")
            r"(?=\s*(?:[:=]\s*|\s(?:is|was|set\s+to)\s+)?['\"]?(?!(?:and|or|nor|in|per|from"
            r"|to|into|with|as|for|by|on|at|of|over|under|the|a|an|fields?|columns?|attempts?"
            r"|changes?|resets?|events?|then|but|plus|if|when|where|count|is|are|was|were|has"
            r"|have)\b)[\w!@#$%^&*+/.-]*\w)",
            ICASE,
        ),
    ),
    (
        "Kafka security other than SASL PLAIN/SCRAM and TLS with a CA file (Kerberos, OAuth, "
        "client certificates)",
        re.compile(
            r"\b(?:kerberos|gssapi|oauth\w*|jaas|mtls|mutual\s+tls|client\s+cert\w*|keystore"
            r"|truststore|keytab|ssl[\s_]key\w*|ssl[\s_]certfile)\b",
            ICASE,
        ),
    ),
    (
        _TOPIC_PATTERN,
        re.compile(
            r"\b(?:all|every|any)\s+(?:the\s+)?(?:kafka\s+)?topics?\s+(?:that\s+)?"
            r"(?:match(?:ing|es)?|starting\s+with|beginning\s+with|prefixed\s+(?:with|by)|like"
            r"|named\s+like|whose\s+names?)\b"
            r"|\btopics?\s+(?:pattern|regex|wildcard|glob)\b|\b(?:pattern|regex|wildcard)\s+"
            r"(?:subscription|topics?)\b|\btopics?\s+matching\b"
            r"|(?<![\w.])[A-Za-z0-9_-]+(?:\.\*|\*)(?![\w])",
            ICASE,
        ),
    ),
    (
        _TEXT_FUNCTIONS,
        re.compile(
            r"\bcast\s+\w+\s+(?:to|as)\b|\b(?:lower|upper)[\s-]?case\b"
            r"|\bconcat\w*\b|\bcoalesce\b"
            # "x = lower(email)", "email_norm := trim(email)": a field set to a function of
            # fields (read as a filter on the function's name otherwise); the aggregates and
            # the arithmetic's abs() and round() are read by their recognisers
            r"|(?:\b[A-Za-z_]\w*\s*:?=|\b(?:comput|calculat|deriv|add|creat)\w*\s+(?:an?\s+)?"
            r"(?:new\s+)?(?:(?:field|column)\s+)?[A-Za-z_]\w*\s+(?:as|equal\s+to))\s*"
            r"(?!(?:abs|round|sum|total|count\w*|distinct|avg|average"
            r"|mean|min|minimum|max|maximum|median|p\d{1,2}|percentile|quantile|stddev\w*|std"
            r"|var\w*|first|last|approx\w*|uniq\w*|cardinality|tumbling|hopping|sliding|session"
            r"|window|interval|duration)\s*\()"
            # ("song_key = lower(song_title)": one field's case, read by computed.py)
            r"(?!(?:lower|upper)\(\s*[A-Za-z_]\w*\s*\))[A-Za-z_]\w*\s*\(",
            ICASE,
        ),
    ),
    (
        _ROUTING,
        re.compile(
            r"(?:\band|,|;)\s+(?:write\s+|send\s+|store\s+|put\s+)?(?:everything|all\s+(?:of\s+)?"
            r"(?:them|the\s+records|records|events|the\s+events|orders|the\s+orders"
            r"|(?:the\s+)?[a-z]+s)|every\s+[a-z]+|the\s+rest"
            r"|the\s+others|the\s+remaining\s+\w+|all\s+other\s+\w+)\s+(?:else\s+)?(?:goes\s+|go\s+)?"
            r"(?:to|into|in)\b|\botherwise\s+(?:send|write|store|publish|route)\b",
            ICASE,
        ),
    ),
    (
        # "keep amount > 10, print (the rest are written to topic small)": an aside that routes
        # the records the filter dropped; read as a second sink, that topic got the kept ones
        _ROUTING,
        re.compile(
            r"\(\s*(?:and\s+)?(?:the\s+rest|the\s+others|the\s+remaining\s+\w+|all\s+other\s+\w+"
            r"|everything\s+else)\s+(?:(?:go|goes|are|is|get|gets|should|must|will|can)\s+)?"
            r"(?:(?:be|get)\s+)?(?:written|sent|published|routed|forwarded|stored|archived|moved"
            r"|put|pushed|saved|logged|printed|go|goes)?\s*(?:to|into|in|onto)\b",
            ICASE,
        ),
    ),
    (
        # "write everything to clickhouse x and only the payments above 50 to topic y", "all
        # gifts to stdout, and to topic big-gifts only gifts where amount > 500": every record
        # to one sink, then a selection for another (the reverse order is the pattern above)
        _ROUTING,
        re.compile(
            r"\b(?:everything|all\s+(?:of\s+)?(?:them|the\s+[a-z]+|[a-z]+s)"
            r"|(?:the\s+)?(?:full|whole|entire|complete|raw|unfiltered)\s+(?:stream|feed|topic"
            r"|data|events|records)"
            r"|every\s+(?!(?:second|minute|hour|day|week|month|year)s?\b)[a-z]+)\s+"
            r"(?:(?:goes|go|is\s+written|gets\s+written)\s+)?"
            r"(?:(?:to|into|onto)\s+(?:the\s+|our\s+|a\s+)?(?:kafka\s+)?(?:topic|clickhouse|redis"
            r"|stdout|console|terminal)|in\s+(?:the\s+|our\s+)?(?:clickhouse|redis|stdout))\b"
            r"[\s\S]*?(?:[,;.]|\band\b|\bplus\b)[\s\S]*?" + _SELECTION,
            ICASE,
        ),
    ),
    (
        _MASKING,
        re.compile(
            # ("(key customer:{id}, hash fields tier and country)": a Redis hash's fields)
            r"\b(?:mask|redact|hide|anonymi[sz]e|pseudonymi[sz]e"
            r"|(?<!redis\s)(?<!\},\s)(?<!\},)(?<!\()(?<!\(\s)hash)(?:s|ing|ed)?\s+(?:the\s+)?"
            r"(?:fields?|columns?|attributes?|properties|pii|emails?|names?)\b|\bpii\b",
            ICASE,
        ),
    ),
    (
        _PATTERN_FILTER,
        re.compile(
            r"\b(?:regexp?|regular\s+expressions?|i?like\s+'|substring|matches\s+the\s+pattern"
            r"|matching\s+the\s+pattern|wildcard)\b",
            ICASE,
        ),
    ),
    (
        _OUTER_JOIN,
        re.compile(
            r"\b(?:right|full)(?:\s+outer)?\s+join|\bfull\s+outer\b|(?<!\bleft\s)\bouter\s+join",
            ICASE,
        ),
    ),
    (
        _RETENTION,
        re.compile(
            # "only those ... are retained", "retain only the records where ...": a filter's keep
            # verb, never a lifetime ("retained for 30 days" still is one)
            # "retainer_orders", "ortho.retainer_orders": a name holding the word, no verb; "retain
            # just a_b, c and d": a keep list (the projection reads it)
            r"\b(?:(?<!\bare\s)(?<!\bis\s)(?<!\bbe\s)(?<!\bget\s)(?<!\bgets\s)(?<![\w.])"
            # ("(every update retained)": a CDC history, read by cdc.HISTORY; "retained for 30
            # days" still is a lifetime, below)
            r"(?<!\bupdate\s)(?<!\bupdates\s)(?<!\bchange\s)(?<!\bchanges\s)(?<!\bversion\s)"
            r"(?<!\bversions\s)"
            r"retain(?:s|ed|ing)?\b(?![._-]?\w)"
            r"(?!\s+only\s+(?:the\s+)?(?:records|rows|events|messages|entries|ones|those)\b)"
            # ("retain only orders with total above 15": the records a condition keeps)
            r"(?!\s+(?:only\s+)?(?:the\s+)?[a-z]+\s+(?:with|where|whose|having)\b)"
            r"(?!\s+(?:just|only)\s+(?:the\s+)?(?:fields?\b|columns?\b|[a-z]\w*_\w*\s*(?:,|and\b)))"
            r"|retained(?=\s+(?:for|until|up\s+to)\b)"
            r"|retention|purg\w+|older\s+than|(?:drop|delet|remov|expir)\w*\s+"
            r"(?:the\s+|old\s+)?(?:rows|data|records|partitions)\s+(?:after|once\s+they\s+are)"
            r"\s+\S+\s+(?:days?|weeks?|months?|years?)(?:\s+old)?|keep\s+(?:the\s+)?(?:data|rows|"
            r"records|them|it)\s+for\s+\S+\s+(?:days?|weeks?|months?|years?))\b",
            ICASE,
        ),
    ),
    (
        _HEADERS,
        re.compile(
            r"\b(?:by|on|using|read\w*|filter\w*|rout\w*|where|whose|if|when|split\w*)\s+(?:the\s+"
            r"|a\s+|its\s+|their\s+|each\s+)?(?:kafka\s+|message\s+|record\s+|input\s+"
            r"|incoming\s+)?headers?\b|\bheaders?\s+(?:of|from|in)\s+(?:the\s+)?(?:input|incoming"
            r"|source|consumed)\b",
            ICASE,
        ),
    ),
    (
        "a Redis value other than a JSON string or a hash per key (a list, set, sorted set or "
        "stream)",
        re.compile(
            r"\b(?:write|store|save|put|push|sink|cache|upsert|persist|land|insert|keep)(?:s|ing)?"
            r"\b[^,;.\x00]{0,60}?(?:\b(?:into|to|in|as)\s+(?:a\s+|the\s+)?redis\s+(?:lists?"
            r"|sets?|sorted\s+sets?|streams?)\b|\bredis\b[^,;.\x00]{0,40}\bas\s+"
            r"(?:a\s+)?(?:lists?|sets?)\b)|\bsorted\s+sets?\b|\b(?:zadd"
            r"|lpush|rpush|sadd|xadd)\b",
            ICASE,
        ),
    ),
    (
        # "keep a running total of amount per store_id": "running" is a filler word otherwise,
        # and the windowed sum that is left is not a running total
        "a running (cumulative) aggregate over every record so far (a window aggregates one "
        "span of time)",
        re.compile(
            r"\b(?:running|cumulative|all[\s-]time|lifetime)\s+(?:totals?|counts?|sums?|averages?"
            r"|avg|means?|max(?:imum)?s?|min(?:imum)?s?|tall(?:y|ies))\b"
            r"|\b(?:counts?|sums?|totals?|averages?|\w+_id)\s+since\s+(?:the\s+)?(?:start|beginning)\b"
            # "count orders per store_id since midnight": from a moment on, never a purpose
            r"|\bsince\s+(?:midnight|launch|yesterday|today|this\s+(?:morning|week|month|year)"
            r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}(?::\d\d)?\s*(?:am|pm)\b"
            r"|\d{4}-\d\d-\d\d|the\s+(?:start|beginning)\s+of\b)",
            ICASE,
        ),
    ),
    (
        # "emit only when the count changes": the words are all filler words otherwise
        _ON_CHANGE,
        re.compile(
            r"\b(?:emit|output|send|write|publish|report|update|push)\w*\s+(?:\w+\s+){0,3}?"
            r"(?:only\s+)?(?:when|if|once|whenever)\s+(?:the\s+|it\s+|its\s+|they\s+)?(?:\w+\s+)?"
            r"(?:chang\w+|differ\w*)\b|\bon\s+change\b|\bchanged?\s+(?:values|results|counts)\s+only\b"
            # "only emit changes", "write only the state changes", "emit only updates"
            r"|\b(?:only\s+(?:emit|output|send|write|publish|forward|push|report|produce)\w*"
            r"|(?:emit|output|send|write|publish|forward|push|report|produce)\w*\s+only)\s+"
            r"(?:the\s+)?(?:\w+\s+)?(?:changes|changed\s+\w+|deltas|updates)\b",
            ICASE,
        ),
    ),
    (
        # "keep amount > 0 after the window": a filter runs before a window; one on its results
        # is a threshold on an aggregate
        "a filter on a window's results other than a threshold on one of its aggregates "
        '(e.g. "only stores with more than 5 orders")',
        re.compile(
            # (never "90 days after window_start": a field of the window's rows)
            r"\b(?:after|following|once)\s+(?:the\s+)?(?!\w*_)(?:window\w*|aggregat\w+|group\w*)\b"
            r"(?!\s+(?:clos|end|fir|emit)\w*)",
            ICASE,
        ),
    ),
    (
        # "..., write to topic big. In the future, also dedupe on order_id": a step put off,
        # which read as one of today's would run now ("from now on" and "for now" are now)
        LATER_STEP,
        re.compile(
            r"(?:^|(?<=[.;:!?(,])|(?<=[.;:!?(,]\s)|(?<=\band\s)|(?<=\bbut\s)|(?<=\bthen\s))"
            r"(?:in\s+the\s+(?:near\s+)?future"
            r"|eventually|at\s+some\s+point|later\s+on|some\s?day|down\s+the\s+(?:road|line)"
            r"|in\s+an?\s+(?:later|future|next|second)\s+(?:version|release|iteration|phase|step)"
            r"|next\s+(?:week|month|quarter|year|sprint))\b"
            # "We might need to filter amount > 100 at some point.": put off at the clause's end,
            # or only maybe needed
            r"|\b(?:at\s+some\s+point|in\s+the\s+(?:near\s+)?future|later\s+on|eventually"
            r"|down\s+the\s+(?:road|line))(?=\s*(?:[.;!?,)]|$))"
            r"|\b(?:we|i|you|they)\s+(?:might|may|could)\s+(?:also\s+)?(?:need|want|have)\s+to\b",
            ICASE,
        ),
    ),
    (
        # "send the duplicates to topic dupes-x", "Duplicates send to topic x", "repeated orders
        # to topic x": a dedup drops its repeats and has no sink for them; read as a sink (or a
        # source) the topic would get the records the dedup kept, not the duplicates
        "sending the duplicates a dedup drops to a sink of their own (a dedup discards them)",
        re.compile(
            r"\b(?:send|sending|sent|route|routing|routed|write|writing|written|publish\w*"
            r"|forward\w*|put|putting|push\w*|divert\w*|redirect\w*|move|moving|dump\w*|park\w*"
            rf"|log|logging|print\w*|emit\w*|copy|copying)\s+(?:all\s+)?(?:the\s+|any\s+)?{_DUPES}"
            rf"\s+(?:to|into|onto|in|on)\s+(?:{_DUPES_TO})"
            # "no duplicates go to clickhouse": the dedup's purpose, nothing routed
            rf"|(?<!\bno\s)(?<!\bany\s)(?<!\bzero\s)(?<!\bnever\s)(?<!\bwithout\s)(?<!\bnot\s)"
            rf"\b{_DUPES}\s+(?:(?:should|must|will|shall|can|are\s+to|need\s+to|have\s+to)\s+)?"
            r"(?:(?:be|get)\s+)?(?:go|goes|going|sent|send|routed|written|published|forwarded"
            r"|pushed|diverted|redirected|moved|dumped|parked|logged|printed|land|end\s+up)?\s*"
            rf"(?:to|into|onto)\s+(?:{_DUPES_TO})",
            ICASE,
        ),
    ),
]


# "What's the difference between a tumbling and a hopping window?", "How does a session window
# work?": a question, with no name a source could be (no quoted name, none with '-', '_' or '.',
# no topic or table), is no pipeline request.
_QUESTION = re.compile(
    r"^\s*(?:what|what's|whats|how|why|which|when|who|where|is|are"
    r"|does|do|did|should|shall|could\s+(?:etl-gen|it|the\s+(?:tool|generator|parser))"
    r"|can\s+(?:etl-gen|it|the\s+(?:tool|generator|parser)))\b[^?]*\?+\s*$",
    ICASE,
)
_NAMES_A_SOURCE = re.compile(
    rf"{QUOTED}|(?<![\w.-])[A-Za-z]\w*[-_.]\w[\w.-]*|\b(?:topics?|tables?|from)\b", ICASE
)


# Hyphenated terms a question asks about, never names ("what's the difference between
# at-least-once and exactly-once delivery?").
_TERMS_NOT_NAMES = re.compile(
    r"\b(?:(?:at[\s-]+(?:least|most)|exactly|effectively)[\s-]+once|(?:near[\s-]+)?real[\s-]+time"
    r"|end[\s-]+to[\s-]+end|out[\s-]+of[\s-]+order|built[\s-]+in|e\.g\.|i\.e\.)(?![\w-])",
    ICASE,
)


def refuse_question(text: str) -> None:
    """Refuse a question that names nothing a pipeline could read (see `_QUESTION`)."""
    names = _NAMES_A_SOURCE.search(_TERMS_NOT_NAMES.sub(" ", text))
    if _QUESTION.match(text) and not names:
        raise RequestNotUnderstood(
            f"request not understood as a streaming pipeline: {text.strip()!r} reads as a "
            f"question, which the offline parser does not answer; {NO_SOURCE}"
        )


# "..., store the rest in clickhouse x and also publish them to topic y": the second sink
# takes the same records again
_SAME_RECORDS_AGAIN = re.compile(r"\b(?:also|too|as\s+well|both|them|it|those|these)\b", ICASE)
# "write the rest to ClickHouse a.b and to Redis with key ...": one list of the rest's sinks
_REST_TO_LIST = re.compile(
    r"\s*(?:the\s+|our\s+)?(?:kafka|topic|clickhouse|redis|stdout)\b(?:[^,;.\n]|\.(?=\w)){0,60}?"
    r"(?:,\s*|\s+)(?:and|plus)\s+(?:to|into|in|onto)\s+(?:the\s+|a\s+|our\s+)?"
    r"(?:kafka|topic|clickhouse|redis|stdout)\b",
    ICASE,
)


# "keep orders over 100, and send the rest to topic x": 'the rest' after a keep are the records it
# leaves out (after a drop, "drop test orders and send the rest to x", the ones it kept)
# ("write the remaining orders" after a keep: the ones it kept; "the others" have their own
# refusal in the filters; "keep active ones, strip the fields ssn and dob, and write what's left
# to x": after a strip, what is left of the records)
_REST_LEFT_OUT = re.compile(r"\bthe\s+rest\b|\beverything\s+else\b", re.I)
_KEEP_SAID = re.compile(r"\b(?:keep|keeps|keeping|retain\w*|only)\b", re.I)
_DROP_SAID = re.compile(
    rf"\b{DROP_VERB}|\b(?:without|not|strip\w*|redact\w*|scrub\w*|mask\w*)\b|n't\b", re.I
)


def _rest_of_kept(text: str, m: re.Match[str]) -> bool:
    """Whether 'the rest' routed by `m` follows a keep in its sentence, with no drop: the
    records the keep leaves out, which a pipeline drops (sending them is routing)."""
    before = _clause_before(text, m)
    return bool(
        _REST_LEFT_OUT.search(m.group(0))
        and _KEEP_SAID.search(before)
        and not _DROP_SAID.search(before)
    )


def _rest_to_every_sink(text: str, m: re.Match[str]) -> bool:
    """ "ignore swaps through the app, store the rest in clickhouse x and also publish them to
    topic y": 'the rest' is what the filter kept, and every sink follows it with the same records
    (no destination before it, no selection after it), so nothing is routed."""
    first = _DESTINATION.search(text)
    after = text[m.end() :]
    return (
        first is not None
        and first.start() >= m.start()
        and not _SELECTS.search(after)
        and (
            _SAME_RECORDS_AGAIN.search(after) is not None or _REST_TO_LIST.match(after) is not None
        )
    )


def _done_today(text: str, m: re.Match[str]) -> bool:
    """ "Right now the mechanics get a daily CSV by email", "This replaces the daily CSV the
    mechanics get by email.": the store is in a sentence of how the sender works today (read as
    background by the leadins and purpose readers), no sink."""
    spans = [t.span("w") for t in TODAY_PROCESS.finditer(text)] + replaced_spans(text)
    return any(a <= m.start() and m.end() <= b for a, b in spans)


# "the co-op's extraction app writes to MySQL (database honeyco). Could we capture every change
# to its extraction_lots table with Debezium ...": a system, named as the sentence's subject,
# writing its own database (a third person's verb, never the imperative "write to MySQL")
_SYSTEM_WRITES = re.compile(
    r"(?:^|[.;:!?]\s+)(?:the|our|their|its)\s+(?:[a-z][\w-]*(?:'s)?\s+){0,4}?"
    r"(?:app|application|system|service|backend|software|platform|tool|website|portal|erp|crm"
    r"|pos)\s+$",
    ICASE,
)
_THIRD_PERSON = re.compile(r"(?:writes|stores|saves|persists|puts|inserts|pushes|loads)\b", ICASE)


def _system_writes_source(text: str, blanked: str, m: re.Match[str]) -> bool:
    """Whether the SQL store `m` is written by the system whose tables a CDC request captures
    ("the extraction app writes to MySQL"): the source, described, never a sink."""
    from .cdc import is_cdc_request  # (cdc imports this module's neighbours)

    return (
        _THIRD_PERSON.match(m.group(0)) is not None
        and _SYSTEM_WRITES.search(blanked[: m.start()]) is not None
        and is_cdc_request(text)
    )


# "Keep the latest status of every claim in Redis: ...": what a Redis key keeps for each
# record's key, said before "every"
_LATEST_OF = re.compile(
    r"\b(?:latest|current|newest|last|most\s+recent)\s+(?:[a-z_]+\s+){0,2}?(?:of|for)\s+$",
    re.IGNORECASE,
)


def _latest_per_key_headline(blanked: str, m: re.Match[str]) -> bool:
    """ "Keep the latest status of every claim in Redis: read x, skip drafts, and write each
    record to Redis keyed by claim_id": "every claim" is the key a Redis sink keeps the latest
    record of, no record sent to one sink only, when every destination said is Redis (one
    sink, said twice; "the latest status of every claim to Redis and only approved ones to
    topic y" is routing, refused)."""
    if not _LATEST_OF.search(blanked, 0, m.start()):
        return False
    said = [d.lower() for d in _DESTINATION.findall(blanked)]
    return bool(said) and all(re.search(r"\bredis\b", d) for d in said)


# "write everything else to ...", "the rest go into ...": the records other words did not name,
# sent somewhere
# ("the rest" and "the remainder" are as often the records the steps before kept: "keep carts
# with total_eur > 100 and put the remainder in Redis")
_REST_SENT = re.compile(
    r"\b(?:everything\s+else|anything\s+else|the\s+others|all\s+(?:the\s+)?others)\s+"
    r"(?:(?:go|goes|should\s+go|get|gets)\s+)?(?:to|into|in|onto)\b",
    re.I,
)


def _quotes_blanked(text: str) -> str:
    """`text` with each quoted name's letters replaced (its length kept): no pattern reads a
    word inside quotes."""
    return re.sub(QUOTED, lambda m: "'" + "x" * (len(m.group(0)) - 2) + "'", text)


def refuse_rest_after_keep(text: str, conds: list[Cond]) -> None:
    """ "keep kwh > 0, and throw everything else into topic zero-reads", one sink read:
    everything else after a keep is what its condition leaves out, never the records it keeps
    (after a drop it is the kept ones, read as such)."""
    m = _REST_SENT.search(_quotes_blanked(text))
    said = [c for c in conds if c.pos < m.start()] if m else []
    if not m or not said or said[-1].negate:
        return
    rest = " ".join(m.group(0).split()[:2])
    kept = " ".join(text[said[-1].pos : said[-1].end or m.start()].split())
    raise RequestNotUnderstood(
        f"cannot read {clause_around(text, m.start(), m.end())!r}: {rest!r} after the kept "
        f"{kept!r} is the records its condition leaves out, and one filter applies to every "
        'sink; say the condition those records meet instead (e.g. "keep kwh <= 0 and write '
        'them to topic zero-reads")'
    )


def refuse_out_of_scope(text: str) -> None:
    """Refuse a clause the spec cannot express, quoting it; then a question that asks for no
    pipeline (`refuse_question`)."""
    blanked = _quotes_blanked(text)
    blanked = _blank_producers(text, blanked)
    readable = _readable_spans(blanked)
    # "like 'x%'", "like '%x%'": read by the filters recogniser (starts with, contains); a LIKE
    # pattern it cannot read is refused there; "every topic matching the pattern x-.*" is a
    # topic pattern, not a filter
    readable[_PATTERN_FILTER] = [
        *(m.span() for m in _LIKE_PERCENT.finditer(text)),
        *readable[_TOPIC_PATTERN],
    ]
    for what, pattern in _OUT_OF_SCOPE:
        m = pattern.search(blanked)
        while m and what in readable and _inside(m, readable[what]):
            m = pattern.search(blanked, m.end())  # a phrasing the recognisers read
        while (
            m
            and what == _OTHER_STORE
            and (
                _NAMED.search(blanked, 0, m.start())
                or _DONE_TODAY.match(_sentence_around(blanked, m.start()))
                or _done_today(blanked, m)
                or _dedup_reason(blanked, m)
                or (
                    re.search(r"\btopics?\b", text, re.IGNORECASE)
                    and _LEFT_BEHIND.search(
                        _sentence_around(blanked, m.start()).split(m.group(0))[0]
                    )
                )
            )
        ):  # "topic webhooks": a name, not a store; "We currently export ... to CSV": background
            m = pattern.search(blanked, m.end())
        while m and what == _ON_CHANGE and _CHANGES_ONLY.fullmatch(m.group(0)) and _cdc(text):
            m = pattern.search(blanked, m.end())  # ("write only the changes": a CDC's events)
        while m and what == _SQL_SINK and _system_writes_source(text, blanked, m):
            m = pattern.search(blanked, m.end())  # the CDC source, written by its own system
        while m and what == _ROUTING and _PRODUCERS_EVERY.search(blanked, 0, m.start()):
            m = pattern.search(blanked, m.end())  # who writes the source's every record
        kept_rest = m and what == _ROUTING and _rest_of_kept(text, m)
        if m and what == _ROUTING and len(_DESTINATION.findall(blanked)) < 2 and not kept_rest:
            continue
        # ("taps missing from Redis go to topic x. Drop staff taps, send the rest to topic y":
        # the lookup's miss topic is no second route for the records the filter kept)
        if (
            m
            and what == _ROUTING
            and _THE_REST.search(m.group(0))
            and len(_DESTINATION.findall(_LOOKUP_IN.sub(" ", _MISS_ROUTED.sub(" ", blanked)))) < 2
            and not kept_rest
        ):
            continue
        if m and what == _ROUTING and _latest_per_key_headline(blanked, m):
            continue
        routes_rest = m and _THE_REST.search(m.group(0))
        if m and what == _ROUTING and routes_rest and _rest_to_every_sink(blanked, m):
            continue
        if m and what == _ROUTING and routes_rest and _MISS_ROUTED.search(_clause_before(text, m)):
            continue  # "send ids missing from Redis to topic x and the rest to y": the miss topic
        if m and what == _ROUTING and not routes_rest and not _SELECTS.search(blanked):
            continue  # "every donation to clickhouse x and to stdout": nothing is selected
        if m and what == _OTHER_STORE:
            raise RequestNotUnderstood(
                f"{m.group(0)!r} is not supported: etl-gen reads Kafka (or Debezium CDC) and writes "
                f"to ClickHouse, Kafka, Redis or stdout; the spec cannot express {m.group(0)} yet "
                f"({clause_around(text, m.start(), m.end())!r})"
            )
        if m and what == _CREDENTIALS:
            raise RequestNotUnderstood(
                f"{m.group(0)!r}: credentials never go in the request (the spec is committed "
                "with the bundle); the processor reads the SASL username and password from "
                "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD at run time. Remove them from "
                f"{clause_around(text, m.start(), m.end())!r}"
            )
        if m and what == _RECORDS_DESCRIBED:
            clause = clause_around(text, m.start(), m.end())
            if not _ACTS_ON_RECORDS.search(_sentence_around(text, m.start())):
                raise RequestNotUnderstood(
                    f"{clause!r}: a statement of which records the topic holds, or a filter? "
                    "Say what to do with them (keep only them, or drop them), or leave the "
                    "sentence out"
                )
            continue
        if m and what == _DONE_BEFORE:
            raise RequestNotUnderstood(
                f"{clause_around(text, m.start(), m.end())!r}: what was done before, or a step "
                "of this pipeline? Remove it if it is background, or ask for the step as one to "
                "do now"
            )
        if m and what == _SQL_SINK:
            raise RequestNotUnderstood(
                f"{m.group(0)!r}: PostgreSQL and MySQL are only supported as a CDC source "
                '("replicate the PostgreSQL table orders with Debezium"), there is no Postgres '
                "or MySQL sink; write to ClickHouse, Kafka, Redis or stdout instead"
            )
        if m:
            _refuse(what, text, m.start(), m.end())
    refuse_question(text)


def _dedup_reason(text: str, m: re.Match[str]) -> bool:
    """ "Booking app double-sends webhooks. Dedupe topic x ...", "Reminder SMS events come in
    twice sometimes.": the store names the records inside why the request dedups (read as that
    reason by context.duplicates_why), when a dedup is asked; no sink."""
    from .dedup import DEDUP  # (dedup imports clause_around from here)

    if not DEDUP.search(text):
        return False
    return any(a <= m.start() and m.end() <= b for a, b in duplicates_why(text, "duplicates"))


def _blank_producers(text: str, blanked: str) -> str:
    """`blanked` without "We log every vaccination to topic x": the producers of the source
    write every record there, so it is no sink (nor a sink given every record)."""
    from .sinks import we_log_all_spans  # sinks imports clause_around from here

    for start, end in we_log_all_spans(text):
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    return blanked


def _readable_spans(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where the retention and topic-pattern recognisers read the text: the scope check
    refuses only the phrasings they do not read."""
    from .cdc import cdc_exclusion_spans
    from .projection import drop_spans  # the recognisers import clause_around from here
    from .sinks import retention_matches
    from .topic_names import topic_pattern_matches

    return {
        _MASKING: drop_spans(text) + cdc_exclusion_spans(text),
        _RETENTION: [m.span() for m in retention_matches(text)],
        _TOPIC_PATTERN: [m.span() for m in topic_pattern_matches(text)],
    }


_LIKE_PERCENT = re.compile(r"\blike\s+'[^'\n]*%[^'\n]*'", ICASE)


def _inside(m: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    return any(start <= m.start() and m.end() <= end for start, end in spans)


_TEMPLATE = re.compile(r"(?:[A-Za-z0-9_:.\-]*\{[A-Za-z_]\w*\})+")


def _json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def refuse_odd_key_templates(text: str) -> None:
    """A Redis key template is a prefix then {field}s (ending with one): anything else is
    refused, not mangled."""
    for m in re.finditer(QUOTED, text):
        inner = m.group(0)[1:-1]
        if m.group(0)[0] == "'" and re.match(r"\w", text[m.start() - 1 : m.start()]):
            continue  # "the merchant's risk_score ... isn't": apostrophes, not quotes
        if "{" in inner and not _TEMPLATE.fullmatch(inner):
            raise RequestNotUnderstood(
                f"Redis key template {m.group(0)}: the key must end with the {{field}}; write it as "
                "a prefix of letters, digits and ':_.-' followed by one {field}, e.g. "
                "'user:profile:{user_id}'"
            )
    for m in re.finditer(r"\{[^}]*\}", text):
        if _json_object(m.group(0)):
            continue  # a record written out as JSON ("records look like {...}"): fields.py's
        if not re.fullmatch(r"\{[A-Za-z_]\w*\}", m.group(0)):
            raise RequestNotUnderstood(
                f"Redis key template field {m.group(0)}: a field name is letters, digits and '_', "
                "e.g. {user_id}"
            )


def _sentence_around(text: str, pos: int) -> str:
    """The sentence holding text[pos] (its parenthesised aside alone when inside one)."""
    left = max([0, *(m.end() for m in _SENTENCE_END.finditer(text[:pos]))])
    right = _SENTENCE_END.search(text, pos)
    sentence = text[left : right.start() if right else len(text)]
    aside = re.search(r"\([^()]*$", text[left:pos])
    if aside:  # "Read topic orders (it also contains refunds with type = refund)."
        close = text.find(")", pos)
        return text[left + aside.start() : close if close >= 0 else len(text)]
    return sentence


_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)[.!?](?:\s|$)")


def clause_around(text: str, start: int, end: int, *, sentence_start: bool = True) -> str:
    """The clause (between , ; . or the ends) holding text[start:end]; `sentence_start=False`
    reaches back over a sentence's end to the last , or ;."""
    left = max(text.rfind(c, 0, start) for c in ",;") + 1
    if sentence_start:  # never the sentence before: "Print them. We used to ..."
        left = max([left, *(m.end() for m in _SENTENCE_END.finditer(text[:start]))])
    stop = [i for i in (text.find(c, end) for c in ",;") if i >= 0]
    sentence_end = re.search(r"\.(?:\s|$)", text[end:])
    if sentence_end:
        stop.append(end + sentence_end.start())
    right = min(stop) if stop else len(text)
    return text[left:right].strip()


def _refuse(what: str, text: str, start: int, end: int) -> None:
    if what in _PARSER_GAPS:
        raise RequestNotUnderstood(
            f"the offline parser does not read {what} yet: "
            f"{clause_around(text, start, end)!r}. Remove or rephrase that clause, write the "
            "pipeline as a spec file (etl-gen generate spec.yaml), which can say it, or use the "
            "LLM parser (--llm)"
        )
    raise RequestNotUnderstood(
        f"the spec cannot express {what} yet: {clause_around(text, start, end)!r}. Remove that "
        "clause to generate the rest: the processor is plain Python, and a hand edit to it is "
        "kept when the bundle is regenerated (etl-gen generate DIR/spec.yaml merges it)"
    )
