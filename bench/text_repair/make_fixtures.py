#!/usr/bin/env python3
"""Writes the text-repair fixtures (Python 3.11, standard library only).

    python3 bench/text_repair/make_fixtures.py

tests/fixtures/text_repair/garbled.tsv
    One line per (sentence, codec chain): garbled<TAB>expected<TAB>codec, where
    `garbled` is the sentence's UTF-8 bytes decoded with the chain's legacy
    codec(s). Lines starting with '#' are comments. Fields are escaped:
    backslash as \\\\, tab as \\t, newline as \\n, carriage return as \\r, and
    every other C0/C1 control (U+0000-U+001F, U+007F-U+009F) as \\xHH, so the
    C1 controls that Latin-1 and the browsers' Windows-1252 produce stay
    visible and survive editors.

tests/fixtures/text_repair/clean.txt
    One legitimate sentence per line that a repair must leave unchanged.

Codec chains:
    cp1252          Windows-1252 as browsers decode it (WHATWG): the five
                    bytes the code page leaves undefined (81 8D 8F 90 9D)
                    become the C1 controls U+0081 ..., like Latin-1.
    latin-1         ISO-8859-1: 80-9F are all C1 controls.
    mac_roman       MacRoman.
    cp1252x2        garbled with cp1252, and the result garbled again.
    cp1252+mac_roman garbled with cp1252, then the result with MacRoman.

None of these chains is lossy or impossible: every byte is defined in all
three decoders, so no (sentence, codec) pair needs to be skipped. The script
still skips a pair whose garbling equals the sentence (a sentence without
non-ASCII text) and asserts that each garbling round-trips, and says so in a
comment line if it ever skips one.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "text_repair"

UNDEFINED_IN_CP1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def decode_cp1252_browser(data: bytes) -> str:
    return "".join(
        chr(b) if b in UNDEFINED_IN_CP1252 else bytes([b]).decode("cp1252") for b in data
    )


def encode_cp1252_browser(text: str) -> bytes:
    return bytes(
        ord(c) if ord(c) in UNDEFINED_IN_CP1252 else c.encode("cp1252")[0] for c in text
    )


def garble_cp1252(text: str) -> str:
    return decode_cp1252_browser(text.encode("utf-8"))


def garble_latin1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def garble_mac(text: str) -> str:
    return text.encode("utf-8").decode("mac_roman")


CHAINS = {
    "cp1252": [garble_cp1252],
    "latin-1": [garble_latin1],
    "mac_roman": [garble_mac],
    "cp1252x2": [garble_cp1252, garble_cp1252],
    "cp1252+mac_roman": [garble_cp1252, garble_mac],
}

# The inverse of each single step, to prove every garbling is lossless.
UNDO = {
    garble_cp1252: lambda s: encode_cp1252_browser(s).decode("utf-8"),
    garble_latin1: lambda s: s.encode("latin-1").decode("utf-8"),
    garble_mac: lambda s: s.encode("mac_roman").decode("utf-8"),
}

SENTENCES = {
    "Spanish": [
        "El niño comió una manzana en el jardín de su abuela.",
        "¿Dónde está la estación de autobuses más cercana?",
        "¡Qué sorpresa verte aquí después de tantos años!",
        "La canción ganó el premio a la mejor interpretación del año.",
        "Mañana habrá reunión del comité a las diez en punto.",
        "El pingüino se deslizó sobre el hielo antártico.",
        "Según el informe, la economía creció un 3,5 % en el último trimestre.",
        "Nicolás Maduro dijo el jueves que estaba abierto al diálogo.",
        "ÚLTIMA HORA: EL GOBIERNO ANUNCIA NUEVAS MEDIDAS ECONÓMICAS",
        "Los señores Muñoz y Pérez llegarán tarde a la cena.",
        "El árbol más antiguo de la región tiene más de mil años.",
        "Él escribió «una novela corta» en sólo tres semanas.",
        "FELIZ AÑO NUEVO DESDE ESPAÑA",
    ],
    "French": [
        "L’été dernier, nous sommes allés à la plage près de Nice.",
        "Le café était délicieux, mais un peu trop sucré à mon goût.",
        "Où est la bibliothèque\u00a0? Elle est fermée jusqu’à lundi.",
        "Les élèves ont reçu leurs résultats avant Noël.",
        "Il a acheté une baguette, du fromage et des pâtisseries.",
        "«\u00a0Ça va\u00a0?\u00a0» demanda-t-elle avec un sourire.",
        "Le garçon a mangé une crème brûlée au dîner.",
        "Ce naïf croyait que la forêt était hantée.",
        "ÉCOLE FERMÉE : LES ÉLÈVES RESTENT À LA MAISON",
        "Il faut être sûr de soi pour réussir à l’oral.",
        "Mon cœur bat plus vite quand je vois la mer.",
        "L’hôtel se trouve à côté de l’église Saint-Étienne.",
    ],
    "German": [
        "Die Straße war nach dem Regen völlig überflutet.",
        "Können Sie mir bitte sagen, wo der Bahnhof ist?",
        "Ärger im Büro: Der Chef hat die Besprechung abgesagt.",
        "Wir fahren im Frühling nach Österreich und in die Schweiz.",
        "„Guten Morgen“, sagte die Verkäuferin freundlich.",
        "Das Mädchen öffnete die Tür und lächelte.",
        "Fünf Brötchen kosten heute nur zwei Euro.",
        "Der Fußballspieler schoss ein großartiges Tor.",
        "ÜBERRASCHUNG IN MÜNCHEN: GRÖSSTE AUSSTELLUNG ERÖFFNET",
        "Die Übersetzung dieses Gedichts ist schwierig.",
        "Er hat sich über die schöne Aussicht gefreut.",
        "Grüße aus Köln und Düsseldorf!",
    ],
    "Portuguese": [
        "A reunião será amanhã às três horas da tarde.",
        "O João comprou pão e café na padaria.",
        "São Paulo é a maior cidade do Brasil.",
        "As crianças estão brincando no jardim.",
        "Não há nada mais bonito do que o pôr do sol.",
        "A informação foi confirmada pela polícia.",
        "Ele é o irmão mais novo da família.",
        "Vou à praia no próximo fim de semana.",
        "ATENÇÃO: A EXPOSIÇÃO ESTÁ ABERTA ATÉ SÁBADO",
        "Os pães de queijo são uma tradição mineira.",
        "A lição de hoje é sobre a colonização portuguesa.",
        "Ela disse: “Minha irmã é médica em Lisboa.”",
        "UMA MAÇÃ POR DIA, DIZ A MINHA IRMÃ",
    ],
    "Polish": [
        "Zażółć gęślą jaźń.",
        "Wszyscy poszli do kościoła w niedzielę rano.",
        "Łódź jest trzecim co do wielkości miastem w Polsce.",
        "Gdańsk leży nad Morzem Bałtyckim.",
        "Proszę o rachunek, chciałbym zapłacić kartą.",
        "Źródło tej informacji jest wiarygodne.",
        "Dziękuję bardzo za pomoc w przeprowadzce.",
        "Żółw powoli przeszedł przez ścieżkę.",
        "Jutro będzie słonecznie, ale chłodno.",
        "Nasz pociąg odjeżdża za piętnaście minut.",
        "Ćwiczenia poranne są dobre dla zdrowia.",
        "WIELKIE ŚWIĘTO W KRAKOWIE: TŁUMY NA RYNKU, ŁÓDŹ TEŻ",
    ],
    "Czech": [
        "Příliš žluťoučký kůň úpěl ďábelské ódy.",
        "Dnes večer půjdeme do divadla v Praze.",
        "Čeština má mnoho háčků a čárek.",
        "Řeka Vltava protéká středem hlavního města.",
        "Děkuji za vaši trpělivost a pochopení.",
        "Na náměstí stojí krásná gotická katedrála.",
        "Můžete mi prosím říct, kolik je hodin?",
        "Šťastný nový rok přeje celá rodina.",
        "Ve škole se učíme o dějinách střední Evropy.",
        "Žena koupila čerstvý chléb a máslo.",
        "Ostrava je průmyslové město na severu země.",
        "ČESKÁ REPUBLIKA VYHRÁLA ZÁPAS, NÁŠ TÝM SLAVÍ",
    ],
    "Icelandic": [
        "Það er fallegt veður í Reykjavík í dag.",
        "Ég hef búið á Íslandi í þrjú ár.",
        "Þórður fór út að ganga með hundinn sinn.",
        "Eyjafjallajökull gaus árið 2010.",
        "Við ætlum að borða fisk í kvöld.",
        "Hún les bækur á hverjum degi.",
        "Sólin skín á jökulinn og snjórinn glitrar.",
        "Þetta er mjög góð hugmynd.",
        "Börnin léku sér í garðinum allan daginn.",
        "Hvað kostar þessi peysa?",
        "Ísland er eyja í Norður-Atlantshafi.",
        "Stafirnir Ð og Þ eru sérstakir fyrir íslensku.",
    ],
    "Turkish": [
        "İstanbul, Türkiye’nin en kalabalık şehridir.",
        "Çocuklar bahçede oyun oynuyorlar.",
        "Bugün hava çok güzel, dışarı çıkalım mı?",
        "Öğretmen öğrencilere ödev verdi.",
        "Şu anda toplantıdayım, sonra ararım.",
        "Ağaçların yaprakları sonbaharda dökülür.",
        "Güneş doğudan doğar, batıdan batar.",
        "Lütfen kapıyı kapatır mısınız?",
        "Iğdır ve Muş doğudaki şehirlerdir.",
        "Kahvaltıda peynir, zeytin ve çay içtik.",
        "Türkçe öğrenmek sabır gerektirir.",
        "ANKARA’DA BÜYÜK GÖSTERİ: BİNLERCE KİŞİ KATILDI",
    ],
    # The common real-world case: English prose with one foreign name or one
    # symbol, so only one or two garbled pairs carry the evidence.
    "English with one foreign word": [
        "Venezuelan leader Nicolás Maduro said on Thursday he was open to talks.",
        "The striker João Félix scored twice in the second half.",
        "Talks resumed in São Paulo after a week of protests.",
        "Björk will headline the festival in Reykjavík this summer.",
        "The Acme™ Widget ships next month.",
        "Prices start at €49 for the basic plan.",
        "Our correspondent in Kraków filed the report late.",
        "The new café on Main Street opened on Monday.",
        "He ordered a crème brûlée and an espresso.",
        "Jürgen Klopp praised the young defender.",
        "Former president Lula da Silva visited Brasília.",
        "The hotel in Tromsø offers views of the northern lights.",
        "Researchers at the Université de Montréal published the study.",
        "The naïve approach fails for large inputs.",
    ],
    "Symbols": [
        "He said “hello” and she replied ‘goodbye’.",
        "The meeting runs 9–11 a.m. — don’t be late…",
        "Prices: €5, £4, ¥300 and © 2026 Example Corp™.",
        "It was 23 °C outside; inside it was 19°C.",
        "Add ½ cup of sugar and ¼ teaspoon of salt.",
        "Follow the arrow → to the exit, then ← back.",
        "The result was ≈ 3.14 ± 0.01, within the 95 % bound.",
        "Registered® trademarks™ and copyrights© are shown.",
        "“Smart quotes” – en dash — em dash … ellipsis.",
        "Temperature: −5 °C to +30 °C (range ≥ 35°).",
        "Bullet points • first • second • third.",
        "A 3×4 grid of 10 µm cells costs €3.20 — about £2.75.",
    ],
}

CLEAN = [
    # Math and science.
    "√2 ≈ 1.41 and √3 ≈ 1.73.",
    "The integral ∫ f(x) dx from 0 to ∞ converges.",
    "∑ of the first n integers is n(n+1)/2.",
    "For all x ≥ 0, x² ≥ 0 and −x ≤ 0.",
    "The limit goes from –∞ to +∞.",
    "x≈π when the circle is drawn carefully.",
    "The ratio is about ≈£5 per unit.",
    "Δx → 0 as n → ∞.",
    "A bond length of 1.54 Å, an area of 10 Å².",
    "Water boils at 100°C (212°F).",
    "It was −12 °C this morning and 3 °C at noon.",
    "Angles of 90°, 45° and 30° appear in the proof.",
    "The cell is 10 µm wide; π ≈ 3.14159.",
    "Ω is the unit of resistance; µA is a microampere.",
    "Set A ∩ B = ∅ whenever A ⊆ ¬B.",
    # Currencies and marks.
    "€5, £4, ©2026",
    "Tickets cost €12.50, £10 or ¥1,500.",
    "Kodak® and Walkman™ are trademarks; © 2026 Inkpost.",
    "NESTLÉ® and CAFÉ™ appear on the label.",
    "The fee is 5 ‰ of the total, plus 2 %.",
    "Add ½ cup milk, ¼ cup sugar and ¾ cup flour.",
    # Quotes and dashes.
    "He said “like this” and ‘like that’.",
    "Dashes – and — and the ellipsis … are fine.",
    "1990–2000 was a decade; pages 12–15.",
    "She paused—then smiled—and left.",
    "word—élan is an odd but legal spelling.",
    "It’s John’s book, isn’t it?",
    # Encodings discussed.
    "U+00C3 is Ã",
    "The letter “Â” is A with a circumflex.",
    "In Icelandic, the letter “Ð” is called eth.",
    "Type Ã with AltGr+A on some keyboards.",
    "The byte C3 shows up as Ã in Latin-1.",
    # Portuguese, Spanish, Nordic all caps.
    "SÃO PAULO",
    "GRANDE SÃO PAULO E SÃO JOSÉ DOS CAMPOS",
    "“IRMÃ”, disse ela.",
    "«UMA MAÇÃ» é o título do livro.",
    "O CAPITÃO E A CAPITÃ",
    "ÅLAND",
    "ØRESUND",
    "ÄRGER UND ÖL",
    "ÅÄÖ är de sista bokstäverna i svenska alfabetet.",
    "ESPAÑA GANÓ LA FINAL",
    "NÃO, OBRIGADO",
    # Accented text.
    "naïve café, résumé and façade",
    "Øresund, Ångström, Ärger and Åland",
    "Ærø is a Danish island; Æbeltoft too.",
    "« Bonjour », dit-il, « ça va ? »",
    "«\u00a0Où est la gare\u00a0?\u00a0»",
    "L’été, l’hôtel, l’île et l’œuvre.",
    "«été»",
    "„Guten Tag“, sagte sie, „wie geht’s?“",
    "Das Mädchen aß ein Stück Kuchen.",
    "Þetta er gott. Ég heiti Þórður og bý í Reykjavík.",
    "Það var ð og þ í orðinu.",
    "Iğdır, Muş, Şanlıurfa ve Çanakkale.",
    "Kız kardeşim ağabeyimden büyük.",
    "Łódź, Gdańsk, Kraków i Wrocław.",
    "Źdźbło trawy i żółć.",
    "Řeřicha a česnek, děkuji.",
    "Příliš žluťoučký kůň.",
    "Ωmega and Ελληνικά, Русский язык.",
    "Москва и Санкт-Петербург.",
    "日本語のテキストと中文。",
    "한국어 텍스트입니다.",
    "Emoji: 😀 👍🏽 ❤️ 🇵🇹",
    "Catalan: col·lecció i paral·lel.",
    "Hawaiʻi and the ʻokina.",
    "The œuvre of Æsop and Œdipus.",
    "Rømø, Tórshavn, Føroyar.",
    "Crème brûlée à la carte.",
    "Vietnamese: Tiếng Việt có dấu.",
    "Română: ș, ț, ă, î, â.",
    "Straße, Fuß, groß.",
    "Él dijo: «¿Qué?»",
    "“Ã”",
]


def escape(s: str) -> str:
    out = []
    for c in s:
        o = ord(c)
        if c == "\\":
            out.append("\\\\")
        elif c == "\t":
            out.append("\\t")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif o < 0x20 or 0x7F <= o <= 0x9F:
            out.append(f"\\x{o:02X}")
        else:
            out.append(c)
    return "".join(out)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [
        "# garbled<TAB>expected<TAB>codec, generated by bench/text_repair/make_fixtures.py",
        "# escapes: \\\\ \\t \\n \\r and \\xHH for C0/C1 controls",
    ]
    count = 0
    for language, sentences in SENTENCES.items():
        lines.append(f"# {language}")
        for sentence in sentences:
            for name, steps in CHAINS.items():
                garbled = sentence
                for step in steps:
                    garbled = step(garbled)
                back = garbled
                for step in reversed(steps):
                    back = UNDO[step](back)
                assert back == sentence, (sentence, name)
                if garbled == sentence:
                    lines.append(f"# skipped ({name}): nothing to garble in {escape(sentence)}")
                    continue
                lines.append(f"{escape(garbled)}\t{escape(sentence)}\t{name}")
                count += 1
    (OUT / "garbled.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for line in CLEAN:
        assert "\n" not in line and "\t" not in line
    (OUT / "clean.txt").write_text("\n".join(CLEAN) + "\n", encoding="utf-8")
    print(f"wrote {count} garbled lines and {len(CLEAN)} clean lines to {OUT}")


if __name__ == "__main__":
    main()
