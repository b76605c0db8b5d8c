"""Translations of the default programme's titles and topics (meetings.programme.DEFAULTS).

Used on a translated handout only while the school's title and topics are still the shipped
Dutch ones; once the school edits them, there is no translation and the handout is Dutch.
"""

SESSION_TEXTS = {
    "milestones": {
        "en": ("Learning milestones and practising at home",
               ["This year's milestones in reading and maths", "The parents' role in homework and extra practice",
                "Reading and maths at home"]),
        "ar": ("أهداف التعلم والتمرين في البيت",
               ["أهداف هذا العام في القراءة والحساب", "دور الوالدين في الواجبات والتمرين الإضافي",
                "القراءة والحساب في البيت"]),
        "tr": ("Öğrenme hedefleri ve evde çalışma",
               ["Bu yılın okuma ve matematik hedefleri", "Ödev ve ek çalışmada anne babanın rolü",
                "Evde okuma ve matematik"]),
        "pl": ("Cele nauki i ćwiczenie w domu",
               ["Cele na ten rok w czytaniu i matematyce", "Rola rodziców przy zadaniach domowych i ćwiczeniach",
                "Czytanie i liczenie w domu"]),
        "uk": ("Навчальні цілі та вправи вдома",
               ["Цілі цього року з читання й математики", "Роль батьків у домашніх завданнях і додаткових вправах",
                "Читання й математика вдома"]),
    },
    "work_attitude": {
        "en": ("Encouraging a good work attitude",
               ["High expectations", "Showing interest", "Praise and rewards", "The parent as a role model"]),
        "ar": ("تشجيع موقف جيد من العمل المدرسي",
               ["توقعات عالية", "إظهار الاهتمام", "المدح والمكافأة", "الوالدان قدوة"]),
        "tr": ("İyi bir çalışma tutumunu desteklemek",
               ["Yüksek beklentiler", "İlgi göstermek", "Övmek ve ödüllendirmek", "Örnek olarak anne baba"]),
        "pl": ("Jak wspierać dobre podejście do nauki",
               ["Wysokie oczekiwania", "Okazywanie zainteresowania", "Chwalenie i nagradzanie",
                "Rodzic jako wzór"]),
        "uk": ("Як підтримати добре ставлення до навчання",
               ["Високі очікування", "Виявляти інтерес", "Хвалити й винагороджувати", "Батьки як приклад"]),
    },
    "school_system": {
        "en": ("How the school works and the school system",
               ["The Dutch school system", "How the school advice is made", "Tests and level groups"]),
        "ar": ("كيف تعمل المدرسة والنظام المدرسي",
               ["النظام المدرسي في هولندا", "كيف تُعطى النصيحة المدرسية", "الاختبارات ومجموعات المستوى"]),
        "tr": ("Okul nasıl çalışır ve okul sistemi",
               ["Hollanda okul sistemi", "Okul tavsiyesi nasıl verilir", "Sınavlar ve seviye grupları"]),
        "pl": ("Jak działa szkoła i system szkolny",
               ["Holenderski system szkolny", "Jak powstaje rekomendacja szkolna", "Testy i grupy poziomowe"]),
        "uk": ("Як працює школа і шкільна система",
               ["Шкільна система Нідерландів", "Як складається шкільна рекомендація", "Тести і групи за рівнем"]),
    },
}  # fmt: skip
