"""The fixed words on a handout (headings, "When", "Where"), per language.

They travel with the handout texts rather than the site's gettext catalogs: a handout is
printed in one language only when every word on it exists in that language (never half
translated), and these few labels decide that together with the school's approved texts.
"""

LABELS = {
    "nl": {"group": "Groep %(level)s", "when": "Wanneer", "where": "Waar", "topics": "Waar gaat het over?",
           "reading": "Lezen: dit leert uw kind dit jaar", "maths": "Rekenen: dit leert uw kind dit jaar",
           "home_tips": "Tips voor thuis", "school_system": "Het Nederlandse schoolsysteem",
           "advice_timeline": "Het schooladvies: wanneer gebeurt wat?", "work_attitude": "Goed leren werken",
           "footer": "Vragen? Praat met de leerkracht van uw kind."},
    "en": {"group": "Groep %(level)s", "when": "When", "where": "Where", "topics": "What is it about?",
           "reading": "Reading: what your child learns this year", "maths": "Maths: what your child learns this year",
           "home_tips": "Tips for at home", "school_system": "The Dutch school system",
           "advice_timeline": "The school advice: what happens when?", "work_attitude": "Learning to work well",
           "footer": "Questions? Talk to your child's teacher."},
    "ar": {"group": "المجموعة %(level)s", "when": "متى", "where": "أين", "topics": "عن ماذا نتحدث؟",
           "reading": "القراءة: ما يتعلمه طفلك هذا العام", "maths": "الحساب: ما يتعلمه طفلك هذا العام",
           "home_tips": "نصائح للبيت", "school_system": "النظام المدرسي في هولندا",
           "advice_timeline": "النصيحة المدرسية: ماذا يحدث ومتى؟", "work_attitude": "كيف يتعلم طفلك العمل الجيد",
           "footer": "هل لديك أسئلة؟ تحدث مع معلم طفلك."},
    "tr": {"group": "Grup %(level)s", "when": "Ne zaman", "where": "Nerede", "topics": "Konular",
           "reading": "Okuma: çocuğunuz bu yıl ne öğreniyor", "maths": "Matematik: çocuğunuz bu yıl ne öğreniyor",
           "home_tips": "Evde yapabilecekleriniz", "school_system": "Hollanda okul sistemi",
           "advice_timeline": "Okul tavsiyesi: ne zaman ne olur?", "work_attitude": "İyi çalışmayı öğrenmek",
           "footer": "Sorunuz mu var? Çocuğunuzun öğretmeniyle konuşun."},
    "pl": {"group": "Grupa %(level)s", "when": "Kiedy", "where": "Gdzie", "topics": "O czym będzie mowa?",
           "reading": "Czytanie: czego Twoje dziecko uczy się w tym roku",
           "maths": "Matematyka: czego Twoje dziecko uczy się w tym roku",
           "home_tips": "Wskazówki na dom", "school_system": "Holenderski system szkolny",
           "advice_timeline": "Rekomendacja szkolna: co i kiedy?", "work_attitude": "Jak dobrze się uczyć",
           "footer": "Masz pytania? Porozmawiaj z nauczycielem dziecka."},
    "uk": {"group": "Група %(level)s", "when": "Коли", "where": "Де", "topics": "Про що йдеться?",
           "reading": "Читання: чого дитина вчиться цього року",
           "maths": "Математика: чого дитина вчиться цього року",
           "home_tips": "Поради для дому", "school_system": "Шкільна система Нідерландів",
           "advice_timeline": "Шкільна рекомендація: що і коли?", "work_attitude": "Вчимося добре працювати",
           "footer": "Маєте запитання? Поговоріть з учителем Вашої дитини."},
}  # fmt: skip

RTL = {"ar"}
