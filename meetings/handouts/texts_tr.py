# ruff: noqa: E501  (text data: one line per paragraph)
"""Turkish translations of the shipped default handout texts (installed unapproved: the school
checks and approves them before parents get them). Same structure as texts_nl; plain and short."""

from .texts_nl import home_tips

READING = {
    1: """- Çocuğunuz bir hikâye dinler ve ne olduğunu anlatır.
- Çocuğunuz şarkı ve tekerleme bilir, hangi kelimelerin kafiyeli olduğunu duyar (bal – val).
- Çocuğunuz kendi adını ve birkaç harfi tanır.
- Çocuğunuz kitabı doğru tutar ve sayfaları baştan sona çevirir.""",
    2: """- Çocuğunuz bir kelimenin hangi sesle başladığını duyar (boom b ile başlar).
- Çocuğunuz yaklaşık on harf bilir.
- Çocuğunuz bir kelimeyi seslerine ayırır ve tekrar birleştirir (r-o-s: ros).
- Çocuğunuz bir hikâyeyi doğru sırayla yeniden anlatır.""",
    3: """- Çocuğunuz bütün harfleri ve sesleri bilir, ui, eu, ei ve ij de.
- Çocuğunuz maan, vis ve boom gibi kısa kelimeleri okur.
- Çocuğunuz basit cümleleri ve kısa kitapları okur.
- Çocuğunuz kısa kelimeleri duyduğu gibi yazar.""",
    4: """- Çocuğunuz uzun kelimeleri akıcı okur (bloemen, boekenkast).
- Çocuğunuz kısa bir hikâye okur ve ne olduğunu anlatır.
- Çocuğunuz sesli okurken nokta ve virgülde doğru durur.
- Çocuğunuz birçok günlük kelimeyi hatasız yazar.""",
    5: """- Çocuğunuz kendi seviyesindeki kitapları akıcı ve keyifle okur.
- Çocuğunuz kısa bir metinde bilgi arar.
- Çocuğunuz bir metnin neyle ilgili olduğunu kendi sözleriyle anlatır.
- Çocuğunuz zor kelimeleri doğru yazmayı öğrenir (-ig ve -lijk ile biten kelimeler gibi).""",
    6: """- Çocuğunuz daha uzun kitaplar ve bilgi metinleri okur.
- Çocuğunuz zor kelimeleri cümlenin geri kalanından anlar.
- Çocuğunuz önemli olanla daha az önemli olanı ayırır.
- Çocuğunuz şimdiki zamandaki fiilleri doğru yazar.""",
    7: """- Çocuğunuz okul için metin okur ve internette kendi başına bilgi arar.
- Çocuğunuz bir metnin kısa özetini yazar.
- Çocuğunuz bir metnin bilgi mi verdiğini, ikna mı ettiğini, eğlendirmek mi istediğini görür.
- Çocuğunuz geçmiş zamandaki fiilleri doğru yazar.""",
    8: """- Çocuğunuz ortaokuldaki gibi metinleri okur ve anlar.
- Çocuğunuz farklı metinlerdeki bilgileri karşılaştırır.
- Çocuğunuz gerçek ile fikir arasındaki farkı görür.
- Çocuğunuz iyi düzenlenmiş, az hatalı bir metin yazar.""",
}

MATHS = {
    1: """- Çocuğunuz 10'a kadar sayar.
- Çocuğunuz saymadan kaç tane olduğunu görür, yaklaşık 5'e kadar.
- Çocuğunuz daha çok, daha az, daha büyük ve daha küçük gibi kelimeleri bilir.
- Çocuğunuz daire, kare ve üçgen gibi şekilleri bilir.""",
    2: """- Çocuğunuz 20'ye kadar ve 10'dan geriye sayar.
- Çocuğunuz 10'a kadar rakamları tanır.
- Çocuğunuz bir sayıdan önce ve sonra hangi sayının geldiğini bilir.
- Çocuğunuz küçük bir miktarı iki gruba ayırır (5, 2 ve 3'tür).""",
    3: """- Çocuğunuz 100'e kadar sayar.
- Çocuğunuz 20'ye kadar toplama ve çıkarma yapar.
- Çocuğunuz 10'a kadar sayıları ayırır (7, 4 ve 3'tür).
- Çocuğunuz tam ve buçuk saatleri okur.
- Çocuğunuz 10 avroya kadar parayla hesap yapar.""",
    4: """- Çocuğunuz 100'e kadar toplama ve çıkarma yapar.
- Çocuğunuz 1, 2, 5 ve 10 çarpım tablolarını bilir.
- Çocuğunuz çeyrek saatleri okur.
- Çocuğunuz 1000'e kadar sayıları bilir.""",
    5: """- Çocuğunuz 1'den 10'a kadar bütün çarpım tablolarını ezbere bilir.
- Çocuğunuz eşit paylaştırır, kalanlı da (13 bölü 4).
- Çocuğunuz 10.000'e kadar sayılarla hesap yapar.
- Çocuğunuz yarımı ve çeyreği bilir, dijital saati okur.""",
    6: """- Çocuğunuz alt alta toplama, çıkarma ve çarpma yapar.
- Çocuğunuz basit işlemlerde kesirler ve ondalık sayılarla hesap yapar.
- Çocuğunuz metre, santimetre, kilo ve gramla ölçer ve tartar.
- Çocuğunuz bir tablo ve basit bir grafik okur.""",
    7: """- Çocuğunuz yüzde, kesir ve ondalık sayılarla hesap yapar.
- Çocuğunuz alt alta bölme yapar (uzun bölme).
- Çocuğunuz bir haritadaki gibi ölçekle hesap yapar.
- Çocuğunuz alan ve çevre hesaplar.""",
    8: """- Çocuğunuz günlük hayatta yüzde ve oran kullanır (indirim, yemek tarifi).
- Çocuğunuz para, zaman ve mesafeyle hesap yapar.
- Çocuğunuz tablo ve grafik okur ve yapar.
- Çocuğunuz önce cevabı tahmin eder, sonra kontrol eder.""",
}

HOME_TIPS_BY_LEVEL = {
    1: {
        "reading_aloud": "Her gün kitap okuyun, örneğin uyumadan önce. Resimler hakkında konuşun.",
        "songs": "Şarkı söyleyin ve tekerlemeler okuyun. Birlikte kafiyeli kelimeler bulun.",
        "number_letter_games": "Birlikte sayın: merdiven basamakları, düğmeler, marketteki elmalar. Hafıza oyunu ya da zarla bir oyun oynayın.",
    },
    2: {
        "reading_aloud": "Her gün kitap okuyun ve sorun: şimdi ne oluyor? Sonu nasıl bitecek?",
        "letter_game": "Bir kelimenin ilk sesiyle 'Gözüm bir şey görüyor' oyununu oynayın.",
        "number_letter_games": "Zarla oynanan oyunlar oynayın, örneğin yılan merdiven.",
    },
    3: {
        "reading_practice": "Çocuğunuz her gün birkaç dakika sesli okusun. Zor bir kelimede yardım edin.",
        "reading_aloud": "Siz de kitap okumaya devam edin: bu hâlâ önemli.",
        "number_letter_games": "Günlük hayatta 20'ye kadar işlem yapın: kaç tabak lazım? Ya da iki zarla bir oyun oynayın.",
    },
    4: {
        "reading_practice": "Sırayla birer sayfa sesli okuyun.",
        "reading_aloud": "Çocuğunuz kendi okuyabilse de siz de okumaya devam edin.",
        "clock": "Çocuğunuz saati okusun: saat kaçta çıkıyoruz?",
        "number_letter_games": "2, 5 ve 10 çarpım tablolarını bir oyunla ya da şarkıyla çalışın.",
    },
    5: {
        "own_books": "Çocuğunuz sevdiği kitapları kendisi seçsin, çizgi romanlar da olur.",
        "reading_aloud": "Kitap okumaya devam edin: her akşam heyecanlı bir kitaptan biraz.",
        "number_letter_games": "Çarpım tablolarını kısa ve sık çalışın: bir oyunla, arabada ya da sofrada.",
        "money": "Çocuğunuz markette ödeme yapsın ve para üstünü saysın.",
    },
    6: {
        "talk_about_books": "Çocuğunuzun okuduğu şey hakkında konuşun: neyle ilgiliydi? Nasıl buldun?",
        "reading_aloud": "Bazen birlikte sesli okuyun: bir sayfa siz, bir sayfa çocuğunuz.",
        "number_letter_games": "Kelime ve sayı oyunları oynayın, örneğin bilgi yarışması ya da Rummikub.",
        "measuring": "Yemek yaparken çocuğunuz ölçsün ve tartsın.",
        "news": "Çocuklar için haberleri birlikte izleyin ve konuşun.",
    },
    7: {
        "news": "Birlikte haber ya da dergi okuyun ve okuduklarınız hakkında konuşun.",
        "reading_aloud": "Çocuğunuz bir yemek tarifini ya da kullanım kılavuzunu sesli okusun ve uygulasın.",
        "number_letter_games": "Birlikte kelime oyunu ya da sayı oyunu oynayın, örneğin Yahtzee.",
        "money": "Çocuğunuz markette indirim ve fiyat hesaplasın.",
        "planning": "Plan yapmaya yardım edin: ödevini ne zaman yapıyorsun? Sınava ne zaman çalışıyorsun?",
    },
    8: {
        "school_choice": "Ortaokul hakkında birlikte konuşun: neyi seviyorsun, sana ne uyar?",
        "open_days": "Ortaokulların açık günlerine birlikte gidin.",
        "reading_aloud": "Bir haberi birlikte sesli okuyun ve konuşun: sen ne düşünüyorsun?",
        "number_letter_games": "Kelime ve sayı oyunları oynayın, örneğin bilgi yarışması ya da Rummikub.",
        "planning": "Çocuğunuz bir ajandayla kendi planını yapsın. İşe yarıyor mu, birlikte bakın.",
    },
}

HOME_TIPS_FOR_ALL = {
    "library_visit": "Birlikte kütüphaneye gidin. Çocuklar için kitap ödünç almak ücretsizdir.",
    "multilingual_books": "Kütüphanede resimli kitaplar ve birçok başka dilde kitaplar da var.",
    "home_language": "Evde başka bir dil mi konuşuyorsunuz? O dilde konuşmaya, şarkı söylemeye ve kitap okumaya devam edin. Bu, çocuğunuzun Felemenkçesine de yardım eder.",
    "theme_in_advance": "Öğretmen size haftanın konusunu söyler. Evde önceden, kendi dilinizde bu konu hakkında konuşun.",
    "reading_together": "Birlikte okuyun: bir kitap, bir çizgi roman ya da bir yemek tarifi. Okuduklarınız hakkında konuşun.",
    "talk_about_school": "Okuldan sonra sorun: bugün neyi sevdin? Ne öğrendin?",
    "no_pressure": "Baskı yok: her gün biraz ve keyifle çalışmak, uzun çalışmaktan daha iyidir.",
    "homework": "Ödeve yardım edin ama ödevi siz yapmayın. Sorun: sen nasıl yapardın?",
}

HOME_TIPS = home_tips(HOME_TIPS_BY_LEVEL, HOME_TIPS_FOR_ALL)

SCHOOL_SYSTEM = """İlkokulda sekiz grup vardır (groep 1–8). Grup 1 ve 2 anaokulu gruplarıdır. Grup 3'te çocuklar okumayı, yazmayı ve hesap yapmayı öğrenir.
- Sınavlar: çocuğunuz yılda iki kez sınava girer. Böylece okul çocuğunuzun nasıl geliştiğini görür. Sonucu öğretmenden duyarsınız.
- Seviye grupları: çocuklar bazen kendi seviyelerinde küçük gruplarla çalışır. Bu derse göre değişebilir.
- Karne: yılda iki kez karne alırsınız. Karneyi öğretmenle konuşursunuz.
Grup 8'den sonra çocuğunuz ortaokula (voortgezet onderwijs) gider. Şu türler vardır:
- Praktijkonderwijs: yaparak öğrenme, işe hazırlık.
- Vmbo (4 yıl), dört yolu vardır: basis, kader, gemengd ve theoretisch. Sonra mbo.
- Havo (5 yıl). Sonra hbo.
- Vwo (6 yıl, atheneum ve gymnasium da). Sonra üniversite.
Geçiş mümkündür: iyi notlarla bir öğrenci sonra daha yüksek bir seviyeye geçebilir."""

ADVICE_TIMELINE = """Okul tavsiyesi (schooladvies), çocuğunuza en uygun ortaokul türünü söyler. Öğretmenler çocuğunuzun nasıl öğrendiğine ve çalıştığına bakar. Son yılların sınavlarına da bakarlar.
- Grup 7'nin sonu: birçok okul ilk tavsiyeyi verir. Böylece yönü bilirsiniz.
- Grup 8, sınavdan önce: okul geçici tavsiyeyi verir. Okul bunu sizinle konuşur.
- Şubat, grup 8: çocuğunuz geçiş sınavına (doorstroomtoets) girer.
- En geç 24 Mart: kesin tavsiyeyi alırsınız. Bununla çocuğunuzu bir ortaokula kaydedersiniz.
- Sınav sonucu tavsiyeden yüksek mi? O zaman okul tekrar bakar ve tavsiye yükselebilir. Tavsiye asla düşmez.
Sorunuz mu var? Öğretmenle konuşun. Çocuğunuzu en iyi siz tanırsınız."""

WORK_ATTITUDE = """Anne babalar okulun önemli olduğunu gösterince çocuklar daha iyi öğrenir.
- Çok şey bekleyin ve bunu söyleyin: 'Bunu öğrenebileceğini biliyorum.'
- İlgi gösterin: çocuğunuza ne öğrendiğini sorun ve çalışmalarına birlikte bakın.
- Sadece sonucu değil, çabayı övün: 'Çok güzel çalıştın!'
- İlgiyle ödüllendirin: birlikte bir oyun ya da parka gitmek.
- İyi örnek olun: kendiniz okuyun, söz verin ve sözünüzü tutun.
- Sakin bir ortam sağlayın: ödev için sabit bir yer, yeterli uyku ve kahvaltı.
- Bir şey zor mu? Deyin ki: 'Henüz yapamıyorsun. Çalışırsan başaracaksın.'"""

TEXTS = {
    "reading": READING,
    "maths": MATHS,
    "home_tips": HOME_TIPS,
    "school_system": {0: SCHOOL_SYSTEM},
    "advice_timeline": {0: ADVICE_TIMELINE},
    "work_attitude": {0: WORK_ATTITUDE},
}
