"""Realistic cross-agency case records with a known truth, for the linkage benchmark and tests.

Persons are Armenian, Russian-speaking or South Asian migrants with real given names and
surnames, each written the way the agencies write them: in Armenian script, in Cyrillic, or in
one of several Latin transliterations (Petrosyan, Petrosian, Petrossian; Natalya, Natalia,
Natalja). Each person appears in one to four agencies' records (sometimes twice in one agency),
and each record is written independently, with the errors real files have. Two profiles set how
often (`PROFILES`; "default" first, "hard" second):
- the script and transliteration: "default" writes a record in the agency's own habit (Armenian
  script; a Russian name in Cyrillic, a South Asian one in its usual Latin spelling) except for
  5 % of records, written like every record of "hard": script drawn by the agency's odds
  (`AGENCIES`), any transliteration variant;
- a typo (a letter dropped, doubled, replaced or two letters transposed) in a name part
  (1.5 %; 7 %);
- first and last name swapped (1.5 %; 5 %), or the first name missing (1 %; 2 %);
- a birth date that is full (90 %; 65 %), has day and month swapped (2 %; 5 %, where possible),
  only year and month (3 %; 9 %), only the year (3 %; 11 %), a year one off, guessed from an age
  (1 %; 2 %), or none;
- in both: sex (5 %), citizenship (10 %) or region (20 %) missing, region recorded differently
  by another agency (15 %), form of exploitation judged differently (15 %).

"default" is calibrated against the issue's description of such data alone: Splink's default
comparisons on the clear lower-cased names (bench/bench_linkage.py `baseline`) reach about 0.82
pairwise F1 on 50,000 records. "hard" is the generator as it first was (every record's script
drawn anew, denser errors; the same records for the same seed), where that baseline reaches
0.16.

`generate(n_records, seed)` returns the clear records (with `truth`, the person's number);
`pseudonymise(records, secret)` turns them into what the central database holds, through the
import's own key derivation (`tipmonitor.lib.pseudonyms.derive_keys`). Deterministic per seed.
"""

import datetime
import functools
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

# Canonical name -> its spellings: Armenian script, Cyrillic, then Latin transliterations.
ARMENIAN_FEMALE = {
    "anahit": ["Անահիտ", "Анаит", "Anahit", "Anait"],
    "armine": ["Արմինե", "Армине", "Armine", "Armineh"],
    "gayane": ["Գայանե", "Гаяне", "Gayane", "Gayaneh", "Gaiane"],
    "hasmik": ["Հասմիկ", "Асмик", "Hasmik", "Asmik"],
    "karine": ["Կարինե", "Карине", "Karine", "Karineh"],
    "lilit": ["Լիլիթ", "Лилит", "Lilit", "Lilith"],
    "mariam": ["Մարիամ", "Мариам", "Mariam", "Mariyam"],
    "nune": ["Նունե", "Нунэ", "Nune", "Noune"],
    "siranush": ["Սիրանուշ", "Сирануш", "Siranush", "Siranoush"],
    "tatevik": ["Տաթևիկ", "Татевик", "Tatevik", "Tatevick"],
    "ani": ["Անի", "Ани", "Ani"],
    "narine": ["Նարինե", "Нарине", "Narine", "Narineh"],
    "shushan": ["Շուշան", "Шушан", "Shushan", "Choushan"],
    "zaruhi": ["Զարուհի", "Заруи", "Zaruhi", "Zarouhi"],
    "astghik": ["Աստղիկ", "Астхик", "Astghik", "Asthik"],
    "sona": ["Սոնա", "Сона", "Sona"],
    "hripsime": ["Հռիփսիմե", "Рипсиме", "Hripsime", "Ripsime"],
    "lusine": ["Լուսինե", "Лусине", "Lusine", "Lousine"],
    "milena": ["Միլենա", "Милена", "Milena"],
    "nelli": ["Նելլի", "Нелли", "Nelli", "Nelly"],
    "ruzanna": ["Ռուզաննա", "Рузанна", "Ruzanna", "Rouzanna"],
    "susanna": ["Սուսաննա", "Сусанна", "Susanna", "Susana"],
    "yeva": ["Եվա", "Ева", "Yeva", "Eva"],
    "marine": ["Մարինե", "Марине", "Marine"],
    "elen": ["Էլեն", "Элен", "Elen", "Ellen"],
}
ARMENIAN_MALE = {
    "aram": ["Արամ", "Арам", "Aram"],
    "armen": ["Արմեն", "Армен", "Armen"],
    "arsen": ["Արսեն", "Арсен", "Arsen"],
    "davit": ["Դավիթ", "Давид", "Davit", "David", "Davith"],
    "gevorg": ["Գևորգ", "Геворг", "Gevorg", "Gevork", "Kevork"],
    "grigor": ["Գրիգոր", "Григор", "Grigor", "Krikor"],
    "hakob": ["Հակոբ", "Акоп", "Hakob", "Hakop", "Akop", "Hagop"],
    "hovhannes": ["Հովհաննես", "Оганес", "Hovhannes", "Ovanes", "Hovannes", "Oganes"],
    "karen": ["Կարեն", "Карен", "Karen"],
    "levon": ["Լևոն", "Левон", "Levon"],
    "mher": ["Մհեր", "Мгер", "Mher", "Mger"],
    "narek": ["Նարեկ", "Нарек", "Narek"],
    "petros": ["Պետրոս", "Петрос", "Petros"],
    "sargis": ["Սարգիս", "Саргис", "Sargis", "Sarkis"],
    "tigran": ["Տիգրան", "Тигран", "Tigran", "Dikran"],
    "vahe": ["Վահե", "Ваге", "Vahe", "Vage"],
    "vardan": ["Վարդան", "Вардан", "Vardan", "Vartan"],
    "ashot": ["Աշոտ", "Ашот", "Ashot", "Achot"],
    "artur": ["Արթուր", "Артур", "Artur", "Arthur"],
    "hayk": ["Հայկ", "Айк", "Hayk", "Haik", "Ayk"],
    "khachatur": ["Խաչատուր", "Хачатур", "Khachatur", "Khachatour", "Xachatur"],
    "martin": ["Մարտին", "Мартин", "Martin"],
    "ruben": ["Ռուբեն", "Рубен", "Ruben"],
    "samvel": ["Սամվել", "Самвел", "Samvel"],
    "suren": ["Սուրեն", "Сурен", "Suren", "Souren"],
    "vazgen": ["Վազգեն", "Вазген", "Vazgen"],
    "edgar": ["Էդգար", "Эдгар", "Edgar"],
    "manuk": ["Մանուկ", "Манук", "Manuk", "Manouk"],
    "movses": ["Մովսես", "Мовсес", "Movses"],
    "nerses": ["Ներսես", "Нерсес", "Nerses"],
    "simon": ["Սիմոն", "Симон", "Simon"],
    "gurgen": ["Գուրգեն", "Гурген", "Gurgen", "Gourgen"],
    "harutyun": ["Հարություն", "Арутюн", "Harutyun", "Harutiun", "Arutyun"],
    "avetis": ["Ավետիս", "Аветис", "Avetis"],
    "mkrtich": ["Մկրտիչ", "Мкртич", "Mkrtich", "Mkrtitch"],
    "sedrak": ["Սեդրակ", "Седрак", "Sedrak"],
    "zaven": ["Զավեն", "Завен", "Zaven"],
    "galust": ["Գալուստ", "Галуст", "Galust", "Kalust"],
    "babken": ["Բաբկեն", "Бабкен", "Babken"],
    "derenik": ["Դերենիկ", "Дереник", "Derenik"],
}
# Surnames not derived from a given name (those are made below: Petros -> Petrosyan).
ARMENIAN_SURNAMES = {
    "hakobyan": ["Հակոբյան", "Акопян", "Hakobyan", "Hakobian", "Akopyan", "Hagopian"],
    "sargsyan": ["Սարգսյան", "Саркисян", "Sargsyan", "Sargsian", "Sarkisyan", "Sarkissian"],
    "harutyunyan": ["Հարությունյան", "Арутюнян", "Harutyunyan", "Harutiunian", "Arutyunyan"],
    "khachatryan": ["Խաչատրյան", "Хачатрян", "Khachatryan", "Khachatrian", "Xachatryan"],
    "hovhannisyan": ["Հովհաննիսյան", "Оганесян", "Hovhannisyan", "Hovannisian", "Oganesyan"],
    "karapetyan": ["Կարապետյան", "Карапетян", "Karapetyan", "Karapetian"],
    "mkrtchyan": ["Մկրտչյան", "Мкртчян", "Mkrtchyan", "Mkrtchian", "Mkrtchyan"],
    "ghazaryan": ["Ղազարյան", "Казарян", "Ghazaryan", "Ghazarian", "Kazaryan", "Gazaryan"],
    "poghosyan": ["Պողոսյան", "Погосян", "Poghosyan", "Poghosian", "Pogosyan", "Boghossian"],
    "manukyan": ["Մանուկյան", "Манукян", "Manukyan", "Manukian", "Manoukian"],
    "avagyan": ["Ավագյան", "Авагян", "Avagyan", "Avagian"],
    "baghdasaryan": ["Բաղդասարյան", "Багдасарян", "Baghdasaryan", "Bagdasarian"],
    "galstyan": ["Գալստյան", "Галстян", "Galstyan", "Galstian", "Kalustyan"],
    "hambardzumyan": ["Համբարձումյան", "Амбарцумян", "Hambardzumyan", "Ambartsumyan"],
    "hayrapetyan": ["Հայրապետյան", "Айрапетян", "Hayrapetyan", "Hayrapetian", "Airapetyan"],
    "melkonyan": ["Մելքոնյան", "Мелконян", "Melkonyan", "Melkonian"],
    "minasyan": ["Մինասյան", "Минасян", "Minasyan", "Minasian"],
    "nazaryan": ["Նազարյան", "Назарян", "Nazaryan", "Nazarian"],
    "simonyan": ["Սիմոնյան", "Симонян", "Simonyan", "Simonian"],
    "stepanyan": ["Ստեփանյան", "Степанян", "Stepanyan", "Stepanian"],
    "vardanyan": ["Վարդանյան", "Варданян", "Vardanyan", "Vardanian", "Vartanian"],
    "zakaryan": ["Զաքարյան", "Закарян", "Zakaryan", "Zakarian"],
    "asatryan": ["Ասատրյան", "Асатрян", "Asatryan", "Asatrian"],
    "aslanyan": ["Ասլանյան", "Асланян", "Aslanyan", "Aslanian"],
    "abrahamyan": ["Աբրահամյան", "Абраамян", "Abrahamyan", "Abrahamian", "Abraamyan"],
}
# More given names and surname roots, in Latin; their Armenian and Cyrillic spellings are made
# by `_transliterate` (Armenian surnames are mostly a root and -yan: Abgar -> Abgaryan).
MORE_FEMALE = [
    "Anush",
    "Arev",
    "Gohar",
    "Hermine",
    "Isabella",
    "Kristine",
    "Lena",
    "Liana",
    "Lilia",
    "Mane",
    "Meri",
    "Nare",
    "Nazeli",
    "Ofelya",
    "Rima",
    "Seda",
    "Shoghik",
    "Silva",
    "Siranuysh",
    "Tamar",
    "Tereza",
    "Varduhi",
    "Veronika",
    "Zara",
    "Knarik",
    "Heghine",
    "Alla",
    "Alvard",
    "Arpi",
    "Diana",
    "Emma",
    "Gayane",
    "Inessa",
    "Ina",
    "Julieta",
    "Laura",
    "Luiza",
    "Margarita",
    "Marianna",
    "Nairi",
    "Naira",
    "Rozalia",
    "Satenik",
    "Sirun",
    "Sofya",
    "Stella",
    "Tamara",
    "Vardanush",
    "Zhanna",
    "Ashkhen",
    "Hranush",
]
MORE_MALE = [
    "Abgar",
    "Aghasi",
    "Andranik",
    "Arakel",
    "Arshak",
    "Artashes",
    "Avag",
    "Azat",
    "Bagrat",
    "Barsegh",
    "Edvard",
    "Garegin",
    "Gagik",
    "Hamlet",
    "Henrik",
    "Hrach",
    "Hrant",
    "Kamo",
    "Koryun",
    "Meruzhan",
    "Mushegh",
    "Norayr",
    "Rafik",
    "Robert",
    "Rubik",
    "Sahak",
    "Serob",
    "Smbat",
    "Spartak",
    "Stepan",
    "Tatul",
    "Vachagan",
    "Vahagn",
    "Vahram",
    "Valeri",
    "Varuzhan",
    "Zhora",
    "Zorik",
    "Arman",
    "Artak",
    "Arayik",
    "Gor",
    "Hovik",
    "Mamikon",
    "Nshan",
    "Razmik",
    "Sevak",
    "Taron",
    "Zaven",
    "Yervand",
    "Gegham",
]
SURNAME_ROOTS = [
    "Abgar",
    "Adamy",
    "Aghajan",
    "Alaverdi",
    "Aleksan",
    "Amirkhan",
    "Andreas",
    "Antonov",
    "Arakel",
    "Arzumanyan",
    "Asryan",
    "Atabek",
    "Avetis",
    "Ayvazy",
    "Azatyan",
    "Babajan",
    "Badalyan",
    "Bagratun",
    "Balayan",
    "Barseghy",
    "Bekaryan",
    "Beglary",
    "Darbin",
    "Davtyan",
    "Demirchy",
    "Eloyan",
    "Gabriel",
    "Galoyan",
    "Gasparyan",
    "Ghukas",
    "Gharibjan",
    "Grigory",
    "Gyulbudagh",
    "Hakhverdy",
    "Hambardzum",
    "Hovsep",
    "Israelyan",
    "Jhangiry",
    "Kazar",
    "Khanzad",
    "Kocharyan",
    "Kostan",
    "Madoyan",
    "Malkhas",
    "Margary",
    "Martirosy",
    "Matevos",
    "Melik",
    "Mikayel",
    "Mirzoy",
    "Mkhitar",
    "Movsisy",
    "Muradyan",
    "Musheghy",
    "Nahapet",
    "Nalbandy",
    "Navasard",
    "Nikoghos",
    "Ohan",
    "Oskan",
    "Papazy",
    "Parsamy",
    "Petrosy",
    "Safary",
    "Sahaky",
    "Saribekyan",
    "Sedrak",
    "Serobyan",
    "Shahbazy",
    "Shahin",
    "Sukiasy",
    "Tadevos",
    "Tamrazy",
    "Ter-Avetis",
    "Ter-Grigory",
    "Tevosy",
    "Tonoyan",
    "Torosy",
    "Tsatur",
    "Vanesy",
    "Voskan",
    "Yeghiazar",
    "Yesay",
    "Zohrab",
    "Zurabyan",
    "Melkumy",
    "Gevorgy",
    "Galustyan",
    "Arshaky",
    "Mesropy",
    "Avanesy",
    "Sahakyants",
    "Mnatsakan",
    "Karapety",
    "Gukasy",
    "Khachikyan",
    "Chilingary",
    "Harutyunyants",
]
# Armenian script, Cyrillic, Latin spellings of the -yan ending, in the order of the lists above.
ARMENIAN_SUFFIX = ["յան", "ян", "yan", "ian"]
_TO_ARMENIAN = [("kh", "խ"), ("ts", "ց"), ("zh", "ժ"), ("dz", "ձ"), ("gh", "ղ"), ("ch", "չ"),
    ("sh", "շ"), ("u", "ու"), ("a", "ա"), ("b", "բ"), ("g", "գ"), ("d", "դ"), ("e", "ե"),
    ("z", "զ"), ("t", "տ"), ("i", "ի"), ("l", "լ"), ("k", "կ"), ("h", "հ"), ("m", "մ"),
    ("y", "յ"), ("n", "ն"), ("o", "ո"), ("p", "պ"), ("j", "ջ"), ("r", "ր"), ("s", "ս"),
    ("v", "վ"), ("f", "ֆ"), ("-", "-")]  # fmt: skip
_TO_CYRILLIC = [("kh", "х"), ("ts", "ц"), ("zh", "ж"), ("dz", "дз"), ("gh", "г"), ("ch", "ч"),
    ("sh", "ш"), ("ya", "я"), ("yu", "ю"), ("u", "у"), ("a", "а"), ("b", "б"), ("g", "г"),
    ("d", "д"), ("e", "е"), ("z", "з"), ("t", "т"), ("i", "и"), ("l", "л"), ("k", "к"),
    ("h", "г"), ("m", "м"), ("y", "й"), ("n", "н"), ("o", "о"), ("p", "п"), ("j", "дж"),
    ("r", "р"), ("s", "с"), ("v", "в"), ("f", "ф"), ("-", "-")]  # fmt: skip


def _transliterate(word: str, table: list[tuple[str, str]]) -> str:
    """A Latin name in Armenian or Cyrillic letters, the way a clerk would spell it."""
    out, i, lower = "", 0, word.lower()
    while i < len(lower):
        for latin, letter in table:
            if lower.startswith(latin, i):
                out, i = out + letter, i + len(latin)
                break
        else:
            out, i = out + lower[i], i + 1
    if table is _TO_ARMENIAN and lower[0] in "eo":  # initial e and o have letters of their own
        out = {"e": "է", "o": "օ"}[lower[0]] + out[1:]
    return out[:1].upper() + out[1:]


def _spellings(latin: list[str]) -> list[str]:
    return [_transliterate(latin[0], _TO_ARMENIAN), _transliterate(latin[0], _TO_CYRILLIC), *latin]


def _more_given(names: list[str]) -> dict[str, list[str]]:
    return {name.lower(): _spellings([name]) for name in names}


def _more_surnames() -> dict[str, list[str]]:
    made = {}
    for root in SURNAME_ROOTS:
        if root.endswith("ants"):  # the older ending: Harutyunyants
            made[root.lower()] = _spellings([root, root.replace("yants", "iants")])
            continue
        stem = root.removesuffix("yan").removesuffix("y")
        made[stem.lower() + "yan"] = _spellings([stem + "yan", stem + "ian"])
    return made


RUSSIAN_FEMALE = {
    "olga": ["Ольга", "Olga", "Olha"],
    "natalya": ["Наталья", "Natalya", "Natalia", "Natalja", "Nataliya"],
    "tatyana": ["Татьяна", "Tatyana", "Tatiana", "Tatjana"],
    "elena": ["Елена", "Elena", "Yelena", "Jelena"],
    "irina": ["Ирина", "Irina", "Iryna"],
    "svetlana": ["Светлана", "Svetlana"],
    "yuliya": ["Юлия", "Yuliya", "Yulia", "Julia", "Iuliia"],
    "anastasiya": ["Анастасия", "Anastasiya", "Anastasia", "Anastasija"],
    "ekaterina": ["Екатерина", "Ekaterina", "Yekaterina", "Katerina"],
    "kseniya": ["Ксения", "Kseniya", "Ksenia", "Xenia"],
    "mariya": ["Мария", "Mariya", "Maria", "Marija"],
    "oksana": ["Оксана", "Oksana"],
}
RUSSIAN_MALE = {
    "aleksandr": ["Александр", "Aleksandr", "Alexander", "Oleksandr", "Aleksander"],
    "sergey": ["Сергей", "Sergey", "Sergei", "Serhiy", "Sergej"],
    "dmitriy": ["Дмитрий", "Dmitriy", "Dmitry", "Dmitri", "Dmytro"],
    "andrey": ["Андрей", "Andrey", "Andrei", "Andriy"],
    "aleksey": ["Алексей", "Aleksey", "Alexey", "Alexei"],
    "nikolay": ["Николай", "Nikolay", "Nikolai", "Mykola"],
    "vladimir": ["Владимир", "Vladimir", "Volodymyr"],
    "yuriy": ["Юрий", "Yuriy", "Yuri", "Iurii", "Jurij"],
    "mikhail": ["Михаил", "Mikhail", "Mikhaïl", "Michail"],
    "ivan": ["Иван", "Ivan"],
}
# Male form -> spellings; the female form adds "а" / "a" (Иванов -> Иванова).
RUSSIAN_SURNAMES = {
    "ivanov": ["Иванов", "Ivanov", "Ivanoff"],
    "smirnov": ["Смирнов", "Smirnov", "Smirnoff"],
    "kuznetsov": ["Кузнецов", "Kuznetsov", "Kuznetsoff", "Kouznetsov"],
    "popov": ["Попов", "Popov"],
    "vasilyev": ["Васильев", "Vasilyev", "Vasiliev", "Vassiliev"],
    "petrov": ["Петров", "Petrov", "Petroff"],
    "sokolov": ["Соколов", "Sokolov"],
    "mikhaylov": ["Михайлов", "Mikhaylov", "Mikhailov", "Michailov"],
    "novikov": ["Новиков", "Novikov"],
    "fyodorov": ["Фёдоров", "Fyodorov", "Fedorov", "Fiodorov"],
    "morozov": ["Морозов", "Morozov"],
    "volkov": ["Волков", "Volkov"],
    "kovalenko": ["Коваленко", "Kovalenko"],
    "shevchenko": ["Шевченко", "Shevchenko", "Chevtchenko", "Schewtschenko"],
    "bondarenko": ["Бондаренко", "Bondarenko"],
}
SOUTH_ASIAN_FEMALE = {
    "priya": ["Priya", "Priyah"],
    "sunita": ["Sunita", "Suneeta"],
    "anjali": ["Anjali", "Anjalee"],
    "fatima": ["Fatima", "Fathima", "Fatema"],
    "lakshmi": ["Lakshmi", "Laxmi", "Lakshmy"],
    "sita": ["Sita", "Seeta"],
}
SOUTH_ASIAN_MALE = {
    "mohammed": ["Mohammed", "Muhammad", "Mohamed", "Mohammad"],
    "rajesh": ["Rajesh", "Rajeesh"],
    "sunil": ["Sunil", "Suneel"],
    "ramesh": ["Ramesh", "Rameesh"],
    "arjun": ["Arjun", "Arjoon"],
    "bikram": ["Bikram", "Vikram"],
    "suresh": ["Suresh", "Sureesh"],
    "abdul": ["Abdul", "Abdool"],
}
SOUTH_ASIAN_SURNAMES = {
    "singh": ["Singh", "Sing"],
    "kumar": ["Kumar", "Koumar"],
    "sharma": ["Sharma", "Sharmah"],
    "gurung": ["Gurung", "Gurang"],
    "tamang": ["Tamang", "Tamung"],
    "rai": ["Rai", "Ray"],
    "shrestha": ["Shrestha", "Shresta"],
    "khan": ["Khan", "Kahn"],
    "rahman": ["Rahman", "Rehman"],
    "hossain": ["Hossain", "Hussain", "Hosain"],
    "thapa": ["Thapa", "Tapa"],
    "patel": ["Patel", "Patil"],
}

# Agencies, and how likely each writes a name in Armenian script, Cyrillic, or Latin.
AGENCIES = {
    "POL": (0.6, 0.1, 0.3),
    "PRO": (0.7, 0.1, 0.2),
    "LAB": (0.5, 0.2, 0.3),
    "IDC": (0.6, 0.0, 0.4),
    "MIG": (0.2, 0.3, 0.5),
    "NGO1": (0.1, 0.2, 0.7),
    "NGO2": (0.3, 0.3, 0.4),
    "NGO3": (0.0, 0.2, 0.8),
    "IOM": (0.0, 0.0, 1.0),
    "SOC": (0.8, 0.1, 0.1),
}
# Each agency's own habit (0 Armenian script, 1 Cyrillic, 2 Latin with its usual
# transliteration); a record outside the habit is written by AGENCIES' odds, any variant.
# All keep Armenian script: with one agency keeping Latin (IOM), the baseline cannot pass about
# 0.76 whatever the error rates, so the 0.82 describes data without such an agency.
HOUSE_SCRIPT = dict.fromkeys(AGENCIES, 0)


@dataclass(frozen=True)
class Profile:
    """How often each kind of variation occurs in a record."""

    mixed: float  # written outside the agency's habit (a passport, a referral, another clerk)
    typo: float  # a typo, in each name part
    swapped: float  # first and last name swapped
    no_first: float  # first name missing
    # Birth date full, day and month swapped, year and month, year, year one off (the rest: none).
    dates: tuple[float, float, float, float, float]


PROFILES = {
    # Calibrated so that Splink's default comparisons on the clear lower-cased names reach
    # about 0.82 pairwise F1 (bench/bench_linkage.py), as the issue describes such data.
    "default": Profile(
        mixed=0.05, typo=0.015, swapped=0.015, no_first=0.01, dates=(0.9, 0.02, 0.03, 0.03, 0.01)
    ),
    # Every record's script and transliteration drawn anew, and denser errors.
    "hard": Profile(
        mixed=1.0, typo=0.07, swapped=0.05, no_first=0.02, dates=(0.65, 0.05, 0.09, 0.11, 0.02)
    ),
}
REGIONS = ["AM-ER", "AM-SH", "AM-LO", "AM-KT", "AM-AR", "AM-AV", "AM-GR", "AM-TV", "RU-MOW",
           "AE-DU", "TR-34"]  # fmt: skip
EXPLOITATION = ["sexual", "labour", "begging", "forced_criminality", "forced_marriage", "servitude"]
ARMENIAN_GIVEN = {
    "F": list((ARMENIAN_FEMALE | _more_given(MORE_FEMALE)).values()),
    "M": list((ARMENIAN_MALE | _more_given(MORE_MALE)).values()),
}
APPEARANCES = [(1, 0.48), (2, 0.30), (3, 0.14), (4, 0.08)]


@dataclass(frozen=True)
class Person:
    truth: int
    sex: str
    first: list[str]  # spellings
    last: list[str]
    latin_only: bool
    born: datetime.date
    nationality: str
    region: str
    exploitation: str


def _armenian_surnames() -> dict[str, list[str]]:
    """Real surnames plus those made from a father's given name (Petros -> Petrosyan)."""
    names = dict(ARMENIAN_SURNAMES) | _more_surnames()
    for given, spellings in (ARMENIAN_MALE | _more_given(MORE_MALE)).items():
        armenian, cyrillic, *latin = spellings
        made = [armenian + "յան", cyrillic + "ян"]
        made += [spelling + suffix for spelling in latin for suffix in ("yan", "ian")]
        names.setdefault(given + "yan", made)
    return names


@functools.cache
def _zipf(n: int) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** 0.7 for rank in range(n)))


def _weighted(rng: random.Random, choices: list[tuple[int, float]]) -> int:
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def _person(rng: random.Random, truth: int, armenian_surnames: list[list[str]]) -> Person:
    sex = rng.choice("FFFM")  # most identified victims are women and girls
    group = rng.random()
    if group < 0.78:
        given = ARMENIAN_GIVEN[sex]
        # A few names are common and most are rare, as in any population.
        first = rng.choices(given, cum_weights=_zipf(len(given)))[0]
        last = rng.choices(armenian_surnames, cum_weights=_zipf(len(armenian_surnames)))[0]
        nationality, latin_only = "ARM", False
    elif group < 0.9:
        russian = RUSSIAN_FEMALE if sex == "F" else RUSSIAN_MALE
        first = rng.choice(list(russian.values()))
        last = rng.choice(list(RUSSIAN_SURNAMES.values()))
        if sex == "F" and last[0].endswith("в"):  # Иванова: the feminine form, in every script
            last = [s + ("а" if s[-1] == "в" else "a") for s in last if not s.endswith("ff")]
        nationality, latin_only = rng.choice(["RUS", "UKR", "BLR"]), False
        first, last = ["", *first], ["", *last]  # no Armenian spelling: index 0 unused
    else:
        south_asian = SOUTH_ASIAN_FEMALE if sex == "F" else SOUTH_ASIAN_MALE
        first = rng.choice(list(south_asian.values()))
        last = rng.choice(list(SOUTH_ASIAN_SURNAMES.values()))
        nationality, latin_only = rng.choice(["IND", "NPL", "BGD", "LKA"]), True
    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 45))
    return Person(truth, sex, first, last, latin_only, born, nationality, rng.choice(REGIONS),
                  rng.choice(EXPLOITATION))  # fmt: skip


def _spelling(
    rng: random.Random, spellings: list[str], agency: str, latin_only: bool, house: bool
) -> str:
    if house:
        return _house_spelling(spellings, agency, latin_only)
    if latin_only:
        return rng.choice(spellings)
    armenian, cyrillic, _latin = AGENCIES[agency]
    script = rng.choices([0, 1, 2], [armenian, cyrillic, _latin])[0]
    if script == 0 and spellings[0]:
        return spellings[0]
    if script == 1 and spellings[1]:
        return spellings[1]
    return rng.choice(spellings[2:])


def _house_spelling(spellings: list[str], agency: str, latin_only: bool) -> str:
    """The spelling an agency's own habit gives: its script, and in Latin its usual
    transliteration (the first listed); a name with no spelling in that script falls back to
    the next (Cyrillic for a Russian name in an Armenian-script file, then Latin)."""
    if latin_only:
        return spellings[0]
    script = HOUSE_SCRIPT[agency]
    if script == 0 and spellings[0]:
        return spellings[0]
    if script <= 1 and spellings[1]:
        return spellings[1]
    return spellings[2]


def _typo(rng: random.Random, name: str) -> str:
    if len(name) < 3:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return name[:i] + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i] + name[i:]
    if kind == 2:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + rng.choice(name) + name[i + 1 :]  # a letter of its own script


def _birth_date(rng: random.Random, born: datetime.date, profile: "Profile") -> str:
    draw = rng.random()
    full, swapped, month, year, year_off = itertools.accumulate(profile.dates)
    if draw < full:
        return born.isoformat()
    if draw < swapped and born.day <= 12 and born.day != born.month:
        return f"{born.year}-{born.day:02d}-{born.month:02d}"  # day and month swapped
    if draw < month:
        return f"{born.year}-{born.month:02d}"
    if draw < year:
        return str(born.year)
    if draw < year_off:
        return str(born.year + rng.choice((-1, 1)))  # a year guessed from an age
    return ""


def _record(
    rng: random.Random, person: Person, agency: str, number: int, profile: str
) -> dict[str, object]:
    rates = PROFILES[profile]
    # One draw per record (a record copied from a passport has both names in its script); none
    # in "hard", whose random stream, and so its records, stay as they were.
    house = rates.mixed < 1 and rng.random() >= rates.mixed
    first = _spelling(rng, person.first, agency, person.latin_only, house)
    last = _spelling(rng, person.last, agency, person.latin_only, house)
    if rng.random() < rates.typo:
        first = _typo(rng, first)
    if rng.random() < rates.typo:
        last = _typo(rng, last)
    if rng.random() < rates.swapped:
        first, last = last, first
    elif rng.random() < rates.no_first:
        first = ""
    region = person.region if rng.random() < 0.85 else rng.choice(REGIONS)
    return {
        "truth": person.truth,
        "agency": agency,
        "record_id": f"{agency}-{number:07d}",
        "first_name": first,
        "last_name": last,
        "date_of_birth": _birth_date(rng, person.born, rates),
        "sex": person.sex if rng.random() > 0.05 else "",
        "nationality": person.nationality if rng.random() > 0.1 else "",
        "region": region if rng.random() > 0.2 else "",
        # Agencies judge the form of exploitation themselves, and sometimes differently.
        "exploitation": person.exploitation if rng.random() < 0.85 else rng.choice(EXPLOITATION),
    }


def generate(n_records: int, seed: int = 1, profile: str = "default") -> list[dict[str, object]]:
    """About `n_records` clear records (whole persons only), in a shuffled order. `profile`:
    "default" (agencies keep their own script and transliteration habit, a minority of records
    written otherwise) or "hard" (every record's script and transliteration drawn anew)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown generator profile {profile!r}: use one of {list(PROFILES)}")
    rng = random.Random(seed)
    surnames = list(_armenian_surnames().values())
    records: list[dict[str, object]] = []
    numbers = dict.fromkeys(AGENCIES, 0)
    truth = 0
    while len(records) < n_records:
        truth += 1
        person = _person(rng, truth, surnames)
        agencies = rng.sample(list(AGENCIES), _weighted(rng, APPEARANCES))
        if rng.random() < 0.05:  # recorded twice by the same agency
            agencies.append(agencies[0])
        for agency in agencies:
            numbers[agency] += 1
            records.append(_record(rng, person, agency, numbers[agency], profile))
    rng.shuffle(records)
    return records[:n_records]


def pseudonymise(
    records: list[dict[str, object]], secret: bytes | str
) -> Iterator[dict[str, object]]:
    """Each record as the central database holds it: the import's keys instead of the names and
    birth date (the clear fields dropped), the truth kept for scoring."""
    from tipmonitor.lib.pseudonyms import derive_gram_keys, derive_keys

    for record in records:
        first, last = str(record["first_name"]), str(record["last_name"])
        keys: dict[str, object] = dict(
            derive_keys(
                first_name=first,
                last_name=last,
                date_of_birth=str(record["date_of_birth"]),
                secret=secret,
            )
        )
        keys |= derive_gram_keys(first_name=first, last_name=last, secret=secret)
        clear = ("first_name", "last_name", "date_of_birth")
        yield {**{k: v for k, v in record.items() if k not in clear}, **keys}


def true_pairs(records: list[dict[str, object]]) -> int:
    """How many pairs of records are of the same person."""
    sizes: dict[object, int] = {}
    for record in records:
        sizes[record["truth"]] = sizes.get(record["truth"], 0) + 1
    return sum(n * (n - 1) // 2 for n in sizes.values())
