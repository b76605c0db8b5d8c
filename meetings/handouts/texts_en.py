# ruff: noqa: E501  (text data: one line per paragraph)
"""English translations of the shipped default handout texts (installed unapproved: the school
checks and approves them before parents get them). Same structure as texts_nl."""

from .texts_nl import home_tips

READING = {
    1: """- Your child listens to a story and tells what happened.
- Your child knows songs and rhymes and hears which words rhyme (ball – wall).
- Your child recognises their own name and a few letters.
- Your child holds a book the right way and turns the pages from front to back.""",
    2: """- Your child hears the first sound of a word (boom starts with b).
- Your child knows about ten letters.
- Your child can split a word into sounds and put them back together (r-o-s: ros).
- Your child retells a story in the right order.""",
    3: """- Your child knows all letters and sounds, also ui, eu, ei and ij.
- Your child reads short words such as maan, vis and boom.
- Your child reads simple sentences and short books.
- Your child writes short words the way they sound.""",
    4: """- Your child reads longer words fluently (bloemen, boekenkast).
- Your child reads a short story and tells what happened.
- Your child reads aloud with the right pauses at full stops and commas.
- Your child writes many common words without mistakes.""",
    5: """- Your child reads books at their own level, fluently and with pleasure.
- Your child looks up information in a short text.
- Your child tells in their own words what a text is about.
- Your child learns to spell difficult words (such as words ending in -ig and -lijk).""",
    6: """- Your child reads longer books and information texts.
- Your child understands difficult words from the sentence around them.
- Your child sees the difference between main points and details.
- Your child spells verbs in the present tense correctly.""",
    7: """- Your child reads texts for school and looks up information on the internet.
- Your child writes a short summary of a text.
- Your child sees whether a text wants to inform, persuade or entertain.
- Your child spells verbs in the past tense correctly.""",
    8: """- Your child reads and understands texts like those at secondary school.
- Your child compares information from different texts.
- Your child sees the difference between a fact and an opinion.
- Your child writes a well-built text with few mistakes.""",
}

MATHS = {
    1: """- Your child counts to 10.
- Your child sees how many there are without counting, up to about 5.
- Your child knows words like more, less, bigger and smaller.
- Your child knows shapes like circle, square and triangle.""",
    2: """- Your child counts to 20 and back from 10.
- Your child recognises the numbers up to 10.
- Your child knows which number comes before and after.
- Your child splits a small amount into two groups (5 is 2 and 3).""",
    3: """- Your child counts to 100.
- Your child adds and subtracts up to 20.
- Your child splits numbers up to 10 (7 is 4 and 3).
- Your child reads the clock at whole and half hours.
- Your child counts money up to 10 euros.""",
    4: """- Your child adds and subtracts up to 100.
- Your child knows the times tables of 1, 2, 5 and 10.
- Your child reads the clock at quarter hours.
- Your child knows the numbers up to 1000.""",
    5: """- Your child knows all times tables from 1 to 10 by heart.
- Your child shares fairly, also with a remainder (13 divided by 4).
- Your child works with numbers up to 10,000.
- Your child knows a half and a quarter and reads a digital clock.""",
    6: """- Your child adds, subtracts and multiplies in columns.
- Your child works with fractions and decimals in simple sums.
- Your child measures and weighs with metres, centimetres, kilos and grams.
- Your child reads a table and a simple graph.""",
    7: """- Your child works with percentages, fractions and decimals.
- Your child does long division.
- Your child works with scale, as on a map.
- Your child calculates area and perimeter.""",
    8: """- Your child uses percentages and ratios in daily life (discounts, recipes).
- Your child calculates with money, time and distance.
- Your child reads and makes tables and graphs.
- Your child first estimates an answer and checks it afterwards.""",
}

HOME_TIPS_BY_LEVEL = {
    1: {
        "reading_aloud": "Read aloud every day, for example before bed. Talk about the pictures.",
        "songs": "Sing songs and say rhymes. Look for words that rhyme together.",
        "number_letter_games": "Count together: stairs, buttons, apples in the shop. Play memory or a game with a dice.",
    },
    2: {
        "reading_aloud": "Read aloud every day and ask: what happens now? How will it end?",
        "letter_game": "Play 'I spy with my little eye' with the first sound of a word.",
        "number_letter_games": "Play games with a dice, such as snakes and ladders.",
    },
    3: {
        "reading_practice": "Let your child read aloud for a few minutes every day. Help with a difficult word.",
        "reading_aloud": "Keep reading aloud yourself too: that stays important.",
        "number_letter_games": "Practise sums up to 20 in daily life: how many plates do we need? Or play a game with two dice.",
    },
    4: {
        "reading_practice": "Take turns reading a page aloud.",
        "reading_aloud": "Keep reading aloud yourself, also when your child can read alone.",
        "clock": "Let your child read the clock: what time do we leave?",
        "number_letter_games": "Practise the times tables of 2, 5 and 10 with a game or a song.",
    },
    5: {
        "own_books": "Let your child choose books they like, comics too.",
        "reading_aloud": "Keep reading aloud: a bit of an exciting book every evening.",
        "number_letter_games": "Practise the times tables briefly and often: with a game, in the car or at the table.",
        "money": "Let your child pay in the shop and count the change.",
    },
    6: {
        "talk_about_books": "Talk about what your child reads: what was it about? What did you think of it?",
        "reading_aloud": "Sometimes read aloud together: you read a page, your child reads a page.",
        "number_letter_games": "Play games with words and numbers, such as a quiz or Rummikub.",
        "measuring": "Let your child measure and weigh when you cook.",
        "news": "Watch the children's news together and talk about it.",
    },
    7: {
        "news": "Read the news or a magazine together and talk about what you read.",
        "reading_aloud": "Let your child read a recipe or instructions aloud and follow them.",
        "number_letter_games": "Play a word game or a game with numbers together, such as Yahtzee.",
        "money": "Let your child work out discounts and prices in the shop.",
        "planning": "Help with planning: when do you do your homework? When do you study for a test?",
    },
    8: {
        "school_choice": "Talk together about secondary school: what do you like, what suits you?",
        "open_days": "Go to open days of secondary schools together.",
        "reading_aloud": "Read a news item aloud together and talk about it: what do you think?",
        "number_letter_games": "Play games with words and numbers, such as a quiz or Rummikub.",
        "planning": "Let your child plan with a diary. Check together whether it works.",
    },
}

HOME_TIPS_FOR_ALL = {
    "library_visit": "Go to the library together. Borrowing books is free for children.",
    "multilingual_books": "The library also has picture books and books in many other languages.",
    "home_language": "Do you speak another language at home? Keep speaking, singing and reading aloud in it. It also helps your child with Dutch.",
    "theme_in_advance": "The teacher tells you the theme of the week. Talk about it at home in advance, in your own language.",
    "reading_together": "Read together: a book, a comic or a recipe. Talk about what you read.",
    "talk_about_school": "Ask after school: what did you like today? What did you learn?",
    "no_pressure": "No pressure: a little every day, with fun, works better than practising for a long time.",
    "homework": "Help with homework, but do not take it over. Ask: how would you do it?",
}

HOME_TIPS = home_tips(HOME_TIPS_BY_LEVEL, HOME_TIPS_FOR_ALL)

SCHOOL_SYSTEM = """Primary school has eight groups (groep 1 to 8). Groep 1 and 2 are the kindergarten groups. In groep 3 children learn to read, write and do sums.
- Tests: twice a year your child takes tests. This shows the school how your child is growing. The teacher tells you the results.
- Level groups: children sometimes work in small groups at their own level. This can differ per subject.
- Report: twice a year you get a school report. You talk about it with the teacher.
After groep 8 your child goes to secondary school. There are these types:
- Praktijkonderwijs: learning by doing, on the way to work.
- Vmbo (4 years), with four tracks: basis, kader, gemengd and theoretisch. After that mbo.
- Havo (5 years). After that hbo (university of applied sciences).
- Vwo (6 years, also atheneum and gymnasium). After that university.
Moving up is possible: with good marks a pupil can go to a higher level later."""

ADVICE_TIMELINE = """The school advice says which type of secondary school suits your child best. The teachers look at how your child learns and works and at the tests of the past years.
- End of groep 7: many schools already give a first advice. So you know which way it is going.
- Groep 8, before the test: the school gives the provisional school advice and talks about it with you.
- February, groep 8: your child takes the doorstroomtoets (the national transfer test).
- By 24 March at the latest: you receive the final school advice. With it, you register your child at a secondary school.
- Is the test result higher than the advice? Then the school looks again and the advice can go up. An advice never goes down.
Questions? Talk to the teacher. You know your child best."""

WORK_ATTITUDE = """Children learn better when their parents show that school matters.
- Expect a lot and say so: 'I know you can learn this.'
- Show interest: ask what your child learned and look at their work together.
- Praise the effort, not only the result: 'You really did your best!'
- Reward with attention: play a game together or go to the park together.
- Set a good example: read yourself, make agreements and keep them.
- Make room for calm: a fixed place for homework, enough sleep and breakfast.
- Is something difficult? Say: 'You can't do it yet. With practice you will.'"""

TEXTS = {
    "reading": READING,
    "maths": MATHS,
    "home_tips": HOME_TIPS,
    "school_system": {0: SCHOOL_SYSTEM},
    "advice_timeline": {0: ADVICE_TIMELINE},
    "work_attitude": {0: WORK_ATTITUDE},
}
