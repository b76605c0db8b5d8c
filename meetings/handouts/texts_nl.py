# ruff: noqa: E501  (text data: one line per paragraph)
"""Shipped default handout texts in plain Dutch (B1). One line per paragraph; "- " starts a bullet.

Milestones: what a pupil knows and can do by the end of the school year, per year level.
The school edits these in the handout texts editor; edits are never overwritten.
"""

READING = {
    1: """- Uw kind luistert naar een verhaal en vertelt wat er gebeurde.
- Uw kind kent liedjes en versjes en hoort welke woorden rijmen (bal – val).
- Uw kind herkent de eigen naam en een paar letters.
- Uw kind houdt een boek goed vast en bladert van voor naar achter.""",
    2: """- Uw kind hoort met welke klank een woord begint (boom begint met b).
- Uw kind kent ongeveer tien letters.
- Uw kind kan een woord in klanken hakken en weer plakken (r-o-s: ros).
- Uw kind vertelt een verhaal na in de goede volgorde.""",
    3: """- Uw kind kent alle letters en klanken, ook ui, eu, ei en ij.
- Uw kind leest korte woorden als maan, vis en boom.
- Uw kind leest eenvoudige zinnen en korte boekjes.
- Uw kind schrijft korte woorden zoals het ze hoort.""",
    4: """- Uw kind leest langere woorden vlot (bloemen, boekenkast).
- Uw kind leest een kort verhaal en vertelt wat er gebeurde.
- Uw kind leest hardop met de juiste pauzes bij punten en komma's.
- Uw kind schrijft veel gewone woorden zonder fouten.""",
    5: """- Uw kind leest vlot en met plezier boeken op het eigen niveau.
- Uw kind zoekt informatie op in een korte tekst.
- Uw kind vertelt in eigen woorden waar een tekst over gaat.
- Uw kind leert lastige woorden goed schrijven (zoals woorden op -ig en -lijk).""",
    6: """- Uw kind leest langere boeken en informatieve teksten.
- Uw kind begrijpt moeilijke woorden uit de zin eromheen.
- Uw kind ziet het verschil tussen hoofdzaken en bijzaken.
- Uw kind schrijft de werkwoorden in de tegenwoordige tijd goed.""",
    7: """- Uw kind leest teksten voor school en zoekt zelf informatie op internet.
- Uw kind maakt een korte samenvatting van een tekst.
- Uw kind ziet of een tekst wil informeren, overtuigen of vermaken.
- Uw kind schrijft werkwoorden in de verleden tijd goed.""",
    8: """- Uw kind leest en begrijpt teksten zoals op de middelbare school.
- Uw kind vergelijkt informatie uit verschillende teksten.
- Uw kind ziet het verschil tussen een feit en een mening.
- Uw kind schrijft een goed opgebouwde tekst met weinig fouten.""",
}

MATHS = {
    1: """- Uw kind telt tot 10.
- Uw kind ziet zonder tellen hoeveel er zijn, tot ongeveer 5.
- Uw kind kent woorden als meer, minder, groter en kleiner.
- Uw kind kent vormen als rondje, vierkant en driehoek.""",
    2: """- Uw kind telt tot 20 en terug vanaf 10.
- Uw kind herkent de cijfers tot 10.
- Uw kind weet welk getal ervoor en erna komt.
- Uw kind verdeelt een kleine hoeveelheid in twee groepjes (5 is 2 en 3).""",
    3: """- Uw kind telt tot 100.
- Uw kind rekent plus en min tot 20.
- Uw kind splitst getallen tot 10 (7 is 4 en 3).
- Uw kind leest de klok bij hele en halve uren.
- Uw kind rekent met geld tot 10 euro.""",
    4: """- Uw kind rekent plus en min tot 100.
- Uw kind kent de tafels van 1, 2, 5 en 10.
- Uw kind leest de klok bij kwartieren.
- Uw kind kent de getallen tot 1000.""",
    5: """- Uw kind kent alle tafels van 1 tot en met 10 uit het hoofd.
- Uw kind deelt eerlijk, ook met een rest (13 gedeeld door 4).
- Uw kind rekent met getallen tot 10.000.
- Uw kind kent een half, een kwart en leest de digitale klok.""",
    6: """- Uw kind rekent onder elkaar (cijferen) met plus, min en keer.
- Uw kind rekent met breuken en kommagetallen in eenvoudige sommen.
- Uw kind meet en weegt met meter, centimeter, kilo en gram.
- Uw kind leest een tabel en een eenvoudige grafiek.""",
    7: """- Uw kind rekent met procenten, breuken en kommagetallen.
- Uw kind maakt een deelsom onder elkaar (staartdeling).
- Uw kind rekent met schaal, zoals op een kaart.
- Uw kind berekent oppervlakte en omtrek.""",
    8: """- Uw kind gebruikt procenten en verhoudingen in het dagelijks leven (korting, recepten).
- Uw kind rekent met geld, tijd en afstand.
- Uw kind leest en maakt tabellen en grafieken.
- Uw kind schat eerst een antwoord en controleert het daarna.""",
}

# Home tips: each year level's own tips, then the tips for every family. The keys say what a tip is
# about; tests/readability/test_home_learning.py checks that every year level carries each home-learning
# theme (home language, books in many languages, the week's theme, reading together and aloud, games
# with numbers and letters, the library, talking about school, no pressure, homework not taken over).
HOME_TIPS_BY_LEVEL = {
    1: {
        "reading_aloud": "Lees elke dag voor, bijvoorbeeld voor het slapen. Praat over de plaatjes.",
        "songs": "Zing liedjes en zeg versjes op. Zoek samen woorden die rijmen.",
        "number_letter_games": "Tel samen: traptreden, knopen, appels in de winkel. Speel memory of een spel met een dobbelsteen.",
    },
    2: {
        "reading_aloud": "Lees elke dag voor en vraag: wat gebeurt er nu? Hoe zou het aflopen?",
        "letter_game": "Speel 'ik zie, ik zie wat jij niet ziet' met de eerste klank.",
        "number_letter_games": "Doe spelletjes met een dobbelsteen, zoals ganzenbord.",
    },
    3: {
        "reading_practice": "Laat uw kind elke dag een paar minuten hardop lezen. Help bij een moeilijk woord.",
        "reading_aloud": "Blijf ook zelf voorlezen: dat blijft belangrijk.",
        "number_letter_games": "Oefen sommen tot 20 in het dagelijks leven: hoeveel borden hebben we nodig? Of speel een spel met twee dobbelstenen.",
    },
    4: {
        "reading_practice": "Lees om de beurt een bladzijde hardop.",
        "reading_aloud": "Blijf ook zelf voorlezen, ook als uw kind al zelf kan lezen.",
        "clock": "Laat uw kind de klok lezen: hoe laat gaan we weg?",
        "number_letter_games": "Oefen de tafels van 2, 5 en 10 met een spelletje of een liedje.",
    },
    5: {
        "own_books": "Laat uw kind zelf boeken kiezen die het leuk vindt, ook strips.",
        "reading_aloud": "Lees ook nog voor: elke avond een stukje uit een spannend boek.",
        "number_letter_games": "Oefen de tafels kort en vaak: met een spel, in de auto of aan tafel.",
        "money": "Laat uw kind betalen in de winkel en het wisselgeld tellen.",
    },
    6: {
        "talk_about_books": "Praat over wat uw kind leest: waar ging het over? Wat vond je ervan?",
        "reading_aloud": "Lees af en toe samen hardop: u een bladzijde, uw kind een bladzijde.",
        "number_letter_games": "Speel spellen met woorden en getallen, zoals een quiz of Rummikub.",
        "measuring": "Laat uw kind meten en wegen bij het koken.",
        "news": "Kijk samen naar het nieuws voor kinderen en praat erover.",
    },
    7: {
        "news": "Lees samen het nieuws of een tijdschrift en praat over wat u leest.",
        "reading_aloud": "Laat uw kind een recept of handleiding voorlezen en volgen.",
        "number_letter_games": "Speel samen een woordspel of een spel met getallen, zoals Yahtzee.",
        "money": "Laat uw kind rekenen met korting en prijzen in de winkel.",
        "planning": "Help met plannen: wanneer maak je je huiswerk? Wanneer leer je voor een toets?",
    },
    8: {
        "school_choice": "Praat samen over de middelbare school: wat vind je leuk, wat past bij jou?",
        "open_days": "Ga samen naar open dagen van scholen voor voortgezet onderwijs.",
        "reading_aloud": "Lees samen hardop een nieuwsbericht en praat erover: wat vind jij ervan?",
        "number_letter_games": "Speel spellen met woorden en getallen, zoals een quiz of Rummikub.",
        "planning": "Laat uw kind zelf plannen met een agenda. Kijk samen of het lukt.",
    },
}

HOME_TIPS_FOR_ALL = {
    "library_visit": "Ga samen naar de bibliotheek. Lenen is gratis voor kinderen.",
    "multilingual_books": "In de bibliotheek zijn ook prentenboeken en boeken in veel andere talen.",
    "home_language": "Spreekt u thuis een andere taal? Blijf die taal spreken, zingen en voorlezen. Dat helpt uw kind ook bij het Nederlands.",
    "theme_in_advance": "De leerkracht vertelt u het thema van de week. Praat er thuis vast over, in uw eigen taal.",
    "reading_together": "Lees samen: een boek, een strip of een recept. Praat over wat u leest.",
    "talk_about_school": "Vraag na school: wat vond je leuk vandaag? Wat heb je geleerd?",
    "no_pressure": "Geen druk: elke dag even, met plezier, werkt beter dan lang oefenen.",
    "homework": "Help bij het huiswerk, maar neem het niet over. Vraag: hoe zou jij het doen?",
}


def home_tips(by_level, for_all):
    """The home tips text per year level: bullets, the year level's own tips first."""
    return {level: "\n".join(f"- {tip}" for tip in (tips | for_all).values()) for level, tips in by_level.items()}


HOME_TIPS = home_tips(HOME_TIPS_BY_LEVEL, HOME_TIPS_FOR_ALL)

SCHOOL_SYSTEM = """De basisschool heeft acht groepen. Groep 1 en 2 zijn de kleutergroepen. In groep 3 leren kinderen lezen, schrijven en rekenen.
- Toetsen: twee keer per jaar maakt uw kind toetsen. Zo ziet de school hoe uw kind groeit. U hoort de uitslag van de leerkracht.
- Niveaugroepen: kinderen werken soms in groepjes op hun eigen niveau. Dat kan per vak verschillen.
- Rapport: u krijgt twee keer per jaar een rapport. U praat erover met de leerkracht.
Na groep 8 gaat uw kind naar het voortgezet onderwijs (de middelbare school). Er zijn deze soorten:
- Praktijkonderwijs: leren door te doen, op weg naar werk.
- Vmbo (4 jaar), met vier leerwegen: basis, kader, gemengd en theoretisch. Daarna mbo.
- Havo (5 jaar). Daarna hbo.
- Vwo (6 jaar, ook atheneum en gymnasium). Daarna universiteit.
Overstappen kan: met goede cijfers kan een leerling later naar een hoger niveau."""

ADVICE_TIMELINE = """Het schooladvies zegt welk soort voortgezet onderwijs het beste bij uw kind past. De leerkrachten kijken hoe uw kind leert en werkt. Ze kijken ook naar de toetsen van de afgelopen jaren.
- Eind groep 7: veel scholen geven al een eerste advies. Zo weet u welke kant het op gaat.
- Groep 8, voor de toets: de school geeft het voorlopige schooladvies. De school praat daarover met u.
- Februari, groep 8: uw kind maakt de doorstroomtoets.
- Uiterlijk 24 maart: u krijgt het definitieve schooladvies. Daarmee meldt u uw kind aan bij een middelbare school.
- Is de toets hoger dan het advies? Dan kijkt de school opnieuw en kan het advies omhoog. Een advies gaat nooit omlaag.
Vragen? Praat erover met de leerkracht. U kent uw kind het best."""

WORK_ATTITUDE = """Kinderen leren beter als hun ouders laten zien dat school belangrijk is.
- Verwacht veel en zeg dat ook: 'Ik weet dat jij dit kunt leren.'
- Toon interesse: vraag wat uw kind heeft geleerd en kijk samen naar het werk.
- Prijs de inzet, niet alleen het resultaat: 'Wat heb jij goed je best gedaan!'
- Beloon met aandacht: samen een spelletje doen of samen naar het park.
- Geef het goede voorbeeld: lees zelf, maak afspraken en kom ze na.
- Zorg voor rust: een vaste plek voor huiswerk, genoeg slaap en een ontbijt.
- Is iets moeilijk? Zeg: 'Je kunt het nog niet. Met oefenen lukt het wel.'"""

TEXTS = {
    "reading": READING,
    "maths": MATHS,
    "home_tips": HOME_TIPS,
    "school_system": {0: SCHOOL_SYSTEM},
    "advice_timeline": {0: ADVICE_TIMELINE},
    "work_attitude": {0: WORK_ATTITUDE},
}
