# ruff: noqa: E501  (text data: one line per paragraph)
"""Polish translations of the shipped default handout texts (installed unapproved: the school
checks and approves them before parents get them). Same structure as texts_nl; plain and short."""

from .texts_nl import home_tips

READING = {
    1: """- Dziecko słucha opowiadania i mówi, co się stało.
- Dziecko zna piosenki i wierszyki i słyszy, które słowa się rymują (bal – val).
- Dziecko rozpoznaje swoje imię i kilka liter.
- Dziecko dobrze trzyma książkę i przewraca strony od początku do końca.""",
    2: """- Dziecko słyszy, od jakiej głoski zaczyna się słowo (boom zaczyna się na b).
- Dziecko zna około dziesięciu liter.
- Dziecko dzieli słowo na głoski i znowu je łączy (r-o-s: ros).
- Dziecko opowiada historię w dobrej kolejności.""",
    3: """- Dziecko zna wszystkie litery i głoski, także ui, eu, ei i ij.
- Dziecko czyta krótkie słowa, takie jak maan, vis i boom.
- Dziecko czyta proste zdania i krótkie książeczki.
- Dziecko pisze krótkie słowa tak, jak je słyszy.""",
    4: """- Dziecko płynnie czyta dłuższe słowa (bloemen, boekenkast).
- Dziecko czyta krótkie opowiadanie i mówi, co się stało.
- Dziecko czyta na głos i robi przerwy przy kropkach i przecinkach.
- Dziecko pisze wiele zwykłych słów bez błędów.""",
    5: """- Dziecko czyta płynnie i z przyjemnością książki na swoim poziomie.
- Dziecko szuka informacji w krótkim tekście.
- Dziecko mówi własnymi słowami, o czym jest tekst.
- Dziecko uczy się pisać trudne słowa (np. słowa na -ig i -lijk).""",
    6: """- Dziecko czyta dłuższe książki i teksty informacyjne.
- Dziecko rozumie trudne słowa dzięki reszcie zdania.
- Dziecko odróżnia sprawy ważne od mniej ważnych.
- Dziecko dobrze pisze czasowniki w czasie teraźniejszym.""",
    7: """- Dziecko czyta teksty do szkoły i samo szuka informacji w internecie.
- Dziecko pisze krótkie streszczenie tekstu.
- Dziecko widzi, czy tekst chce informować, przekonać czy bawić.
- Dziecko dobrze pisze czasowniki w czasie przeszłym.""",
    8: """- Dziecko czyta i rozumie teksty jak w szkole średniej.
- Dziecko porównuje informacje z różnych tekstów.
- Dziecko odróżnia fakt od opinii.
- Dziecko pisze dobrze zbudowany tekst z małą liczbą błędów.""",
}

MATHS = {
    1: """- Dziecko liczy do 10.
- Dziecko widzi bez liczenia, ile czegoś jest, do około 5.
- Dziecko zna słowa więcej, mniej, większy i mniejszy.
- Dziecko zna kształty: koło, kwadrat i trójkąt.""",
    2: """- Dziecko liczy do 20 i wstecz od 10.
- Dziecko rozpoznaje cyfry do 10.
- Dziecko wie, jaka liczba jest przed i po danej liczbie.
- Dziecko dzieli małą ilość na dwie grupki (5 to 2 i 3).""",
    3: """- Dziecko liczy do 100.
- Dziecko dodaje i odejmuje do 20.
- Dziecko rozkłada liczby do 10 (7 to 4 i 3).
- Dziecko odczytuje na zegarze pełne godziny i wpół do.
- Dziecko liczy pieniądze do 10 euro.""",
    4: """- Dziecko dodaje i odejmuje do 100.
- Dziecko zna tabliczkę mnożenia przez 1, 2, 5 i 10.
- Dziecko odczytuje na zegarze kwadranse.
- Dziecko zna liczby do 1000.""",
    5: """- Dziecko zna na pamięć całą tabliczkę mnożenia od 1 do 10.
- Dziecko dzieli po równo, także z resztą (13 podzielić przez 4).
- Dziecko liczy na liczbach do 10 000.
- Dziecko zna połowę i ćwiartkę i odczytuje zegar cyfrowy.""",
    6: """- Dziecko liczy pisemnie: dodaje, odejmuje i mnoży.
- Dziecko liczy na ułamkach i liczbach dziesiętnych w prostych zadaniach.
- Dziecko mierzy i waży w metrach, centymetrach, kilogramach i gramach.
- Dziecko odczytuje tabelę i prosty wykres.""",
    7: """- Dziecko liczy procenty, ułamki i liczby dziesiętne.
- Dziecko dzieli pisemnie.
- Dziecko liczy w skali, jak na mapie.
- Dziecko oblicza pole i obwód.""",
    8: """- Dziecko używa procentów i proporcji w codziennym życiu (rabat, przepis).
- Dziecko liczy pieniądze, czas i odległość.
- Dziecko czyta i robi tabele i wykresy.
- Dziecko najpierw szacuje wynik, a potem go sprawdza.""",
}

HOME_TIPS_BY_LEVEL = {
    1: {
        "reading_aloud": "Czytajcie na głos codziennie, na przykład przed snem. Rozmawiajcie o obrazkach.",
        "songs": "Śpiewajcie piosenki i mówcie wierszyki. Szukajcie razem słów, które się rymują.",
        "number_letter_games": "Liczcie razem: schody, guziki, jabłka w sklepie. Grajcie w memory albo w grę z kostką.",
    },
    2: {
        "reading_aloud": "Czytajcie na głos codziennie i pytajcie: co się teraz dzieje? Jak to się skończy?",
        "letter_game": "Grajcie w „Widzę coś, czego ty nie widzisz” z pierwszą głoską słowa.",
        "number_letter_games": "Grajcie w gry z kostką, na przykład w chińczyka.",
    },
    3: {
        "reading_practice": "Niech dziecko codziennie czyta na głos przez kilka minut. Pomóżcie przy trudnym słowie.",
        "reading_aloud": "Czytajcie też sami na głos: to nadal jest ważne.",
        "number_letter_games": "Ćwiczcie liczenie do 20 na co dzień: ile talerzy potrzebujemy? Albo grajcie w grę z dwiema kostkami.",
    },
    4: {
        "reading_practice": "Czytajcie na głos na zmianę, po jednej stronie.",
        "reading_aloud": "Czytajcie dalej na głos, także gdy dziecko samo już czyta.",
        "clock": "Niech dziecko odczyta godzinę: o której wychodzimy?",
        "number_letter_games": "Ćwiczcie mnożenie przez 2, 5 i 10 z grą albo piosenką.",
    },
    5: {
        "own_books": "Niech dziecko samo wybiera książki, które lubi, także komiksy.",
        "reading_aloud": "Czytajcie dalej na głos: co wieczór kawałek ciekawej książki.",
        "number_letter_games": "Ćwiczcie tabliczkę mnożenia krótko i często: z grą, w samochodzie albo przy stole.",
        "money": "Niech dziecko płaci w sklepie i liczy resztę.",
    },
    6: {
        "talk_about_books": "Rozmawiajcie o tym, co dziecko czyta: o czym to było? Jak ci się podobało?",
        "reading_aloud": "Czasem czytajcie razem na głos: jedną stronę wy, jedną dziecko.",
        "number_letter_games": "Grajcie w gry ze słowami i liczbami, na przykład quiz albo Rummikub.",
        "measuring": "Niech dziecko mierzy i waży przy gotowaniu.",
        "news": "Oglądajcie razem wiadomości dla dzieci i rozmawiajcie o nich.",
    },
    7: {
        "news": "Czytajcie razem wiadomości albo czasopismo i rozmawiajcie o tym.",
        "reading_aloud": "Niech dziecko przeczyta na głos przepis albo instrukcję i według nich działa.",
        "number_letter_games": "Grajcie razem w grę słowną albo w grę z liczbami, na przykład Yahtzee.",
        "money": "Niech dziecko liczy rabaty i ceny w sklepie.",
        "planning": "Pomóżcie planować: kiedy robisz zadanie domowe? Kiedy uczysz się do sprawdzianu?",
    },
    8: {
        "school_choice": "Rozmawiajcie razem o szkole średniej: co lubisz, co do ciebie pasuje?",
        "open_days": "Chodźcie razem na dni otwarte szkół średnich.",
        "reading_aloud": "Przeczytajcie razem na głos wiadomość i porozmawiajcie: co o tym myślisz?",
        "number_letter_games": "Grajcie w gry ze słowami i liczbami, na przykład quiz albo Rummikub.",
        "planning": "Niech dziecko samo planuje w kalendarzu. Sprawdźcie razem, czy to działa.",
    },
}

HOME_TIPS_FOR_ALL = {
    "library_visit": "Chodźcie razem do biblioteki. Wypożyczanie jest dla dzieci bezpłatne.",
    "multilingual_books": "W bibliotece są też książki obrazkowe i książki w wielu innych językach.",
    "home_language": "Mówicie w domu w innym języku? Mówcie, śpiewajcie i czytajcie w nim dalej. To pomaga dziecku także w nauce niderlandzkiego.",
    "theme_in_advance": "Nauczyciel mówi wam, jaki jest temat tygodnia. Porozmawiajcie o nim w domu wcześniej, w swoim języku.",
    "reading_together": "Czytajcie razem: książkę, komiks albo przepis. Rozmawiajcie o tym, co czytacie.",
    "talk_about_school": "Pytajcie po szkole: co ci się dziś podobało? Czego się nauczyłeś?",
    "no_pressure": "Bez presji: codziennie trochę i z przyjemnością działa lepiej niż długie ćwiczenie.",
    "homework": "Pomagajcie przy zadaniu domowym, ale nie róbcie go za dziecko. Zapytajcie: jak ty byś to zrobił?",
}

HOME_TIPS = home_tips(HOME_TIPS_BY_LEVEL, HOME_TIPS_FOR_ALL)

SCHOOL_SYSTEM = """Szkoła podstawowa ma osiem grup (groep 1–8). Grupy 1 i 2 to grupy przedszkolne. W grupie 3 dzieci uczą się czytać, pisać i liczyć.
- Testy: dwa razy w roku dziecko pisze testy. Tak szkoła widzi, jak dziecko się rozwija. Wynik poda wam nauczyciel.
- Grupy poziomowe: dzieci czasem pracują w małych grupach na swoim poziomie. To może zależeć od przedmiotu.
- Świadectwo (rapport): dwa razy w roku dostajecie świadectwo. Rozmawiacie o nim z nauczycielem.
Po grupie 8 dziecko idzie do szkoły średniej (voortgezet onderwijs). Są takie rodzaje:
- Praktijkonderwijs: nauka przez praktykę, przygotowanie do pracy.
- Vmbo (4 lata), z czterema ścieżkami: basis, kader, gemengd i theoretisch. Potem mbo.
- Havo (5 lat). Potem hbo.
- Vwo (6 lat, także atheneum i gymnasium). Potem uniwersytet.
Zmiana jest możliwa: z dobrymi ocenami uczeń może później przejść na wyższy poziom."""

ADVICE_TIMELINE = """Rekomendacja szkolna (schooladvies) mówi, jaki rodzaj szkoły średniej najlepiej pasuje do dziecka. Nauczyciele patrzą, jak dziecko się uczy i pracuje. Patrzą też na testy z ostatnich lat.
- Koniec grupy 7: wiele szkół daje już pierwszą rekomendację. Wiecie wtedy, w jakim kierunku to idzie.
- Grupa 8, przed testem: szkoła daje wstępną rekomendację. Szkoła rozmawia o niej z wami.
- Luty, grupa 8: dziecko pisze test przejściowy (doorstroomtoets).
- Najpóźniej 24 marca: dostajecie ostateczną rekomendację. Z nią zapisujecie dziecko do szkoły średniej.
- Wynik testu jest wyższy niż rekomendacja? Wtedy szkoła patrzy jeszcze raz i rekomendacja może pójść w górę. Rekomendacja nigdy nie idzie w dół.
Macie pytania? Porozmawiajcie z nauczycielem. Wy znacie swoje dziecko najlepiej."""

WORK_ATTITUDE = """Dzieci uczą się lepiej, gdy rodzice pokazują, że szkoła jest ważna.
- Oczekujcie dużo i mówcie to: „Wiem, że możesz się tego nauczyć”.
- Okazujcie zainteresowanie: pytajcie, czego dziecko się nauczyło, i oglądajcie razem jego prace.
- Chwalcie wysiłek, nie tylko wynik: „Bardzo się postarałeś!”
- Nagradzajcie uwagą: wspólna gra albo wyjście do parku.
- Dawajcie dobry przykład: sami czytajcie, umawiajcie się i dotrzymujcie słowa.
- Zadbajcie o spokój: stałe miejsce do nauki, dość snu i śniadanie.
- Coś jest trudne? Powiedzcie: „Jeszcze tego nie umiesz. Z ćwiczeniem się uda”."""

TEXTS = {
    "reading": READING,
    "maths": MATHS,
    "home_tips": HOME_TIPS,
    "school_system": {0: SCHOOL_SYSTEM},
    "advice_timeline": {0: ADVICE_TIMELINE},
    "work_attitude": {0: WORK_ATTITUDE},
}
