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
    },
    "work_attitude": {
        "en": ("Encouraging a good work attitude",
               ["High expectations", "Showing interest", "Praise and rewards", "The parent as a role model"]),
        "ar": ("تشجيع موقف جيد من العمل المدرسي",
               ["توقعات عالية", "إظهار الاهتمام", "المدح والمكافأة", "الوالدان قدوة"]),
    },
    "school_system": {
        "en": ("How the school works and the school system",
               ["The Dutch school system", "How the school advice is made", "Tests and level groups"]),
        "ar": ("كيف تعمل المدرسة والنظام المدرسي",
               ["النظام المدرسي في هولندا", "كيف تُعطى النصيحة المدرسية", "الاختبارات ومجموعات المستوى"]),
    },
}  # fmt: skip
