"""Ardenia's coordination bodies and who sits on them.

The National Committee (a council of deputy ministers and heads of agencies) steers the plan; its
inter-agency working group, run by the Secretariat, meets every quarter or so and reports to it;
two thematic subgroups of the working group prepare its protection and labour items; the Valmora
provincial committee brings the province's and the Tarsk district's work together. The demo
users sit for their agencies: the coordinator for the Secretariat, "reporter" for the police,
"ngo-reporter" for the Safe Harbour shelter; other representatives have a name and an address in
the reserved .example domain, so no invitation from the demo can reach anyone.
"""

from dataclasses import dataclass

from coordination.models import BodyKind


@dataclass(frozen=True)
class Seat:
    agency: str  # an agency code of the sample workbook
    username: str = ""  # the demo user who represents it, if any
    name: str = ""  # else the representative's name and address
    email: str = ""


@dataclass(frozen=True)
class BodyData:
    code: str
    name: str
    name_hy: str
    name_ru: str
    kind: str
    chair: str  # agency code
    parent: str  # body code, or ""
    seats: tuple[Seat, ...]


SECRETARIAT = Seat("NCATP-SEC", "coordinator")
POLICE = Seat("MOI-POLICE", "reporter")
SHELTER = Seat("NGO-SHELTER", "ngo-reporter")
INTERIOR = Seat("MOI", name="Karel Ostrin", email="k.ostrin@moi.ardenia.example")
BORDER = Seat("MOI-BORDER", name="Tamar Velic", email="t.velic@border.ardenia.example")
PROSECUTOR = Seat("PGO", name="Ilse Marend", email="i.marend@prosecutor.ardenia.example")
JUSTICE = Seat("MOJ", name="Davor Lenk", email="d.lenk@moj.ardenia.example")
ACADEMY = Seat("JTI", name="Roza Anvik", email="r.anvik@academy.ardenia.example")
LABOUR = Seat("LAB-INSP", name="Emil Haskó", email="e.hasko@labour.ardenia.example")
SOCIAL = Seat("MOSA", name="Nadia Krell", email="n.krell@mosa.ardenia.example")
EDUCATION = Seat("MOE", name="Lior Badesca", email="l.badesca@moe.ardenia.example")
FOREIGN = Seat("MFA", name="Sofia Arnolt", email="s.arnolt@mfa.ardenia.example")
STATISTICS = Seat("STAT", name="Viktor Ferro", email="v.ferro@stat.ardenia.example")
COMMISSION = Seat("IDCOM", name="Hana Oresk", email="h.oresk@idcom.ardenia.example")
HOTLINE = Seat("NGO-HOTLINE", name="Mila Torvan", email="mila@lifeline.example")
LEGAL_AID = Seat("NGO-LEGAL", name="Aram Selvik", email="a.selvik@legalaid.example")
IOM = Seat("IOM", name="Greta Holm", email="gholm@iom.example")

# fmt: off
WORKING_GROUP = (
    SECRETARIAT, INTERIOR, POLICE, BORDER, PROSECUTOR, JUSTICE, ACADEMY, LABOUR, SOCIAL,
    EDUCATION, FOREIGN, STATISTICS, COMMISSION, SHELTER, HOTLINE, LEGAL_AID, IOM,
)
# fmt: on

BODIES: tuple[BodyData, ...] = (
    BodyData(
        code="COUNCIL",
        name="National Committee against Trafficking in Persons",
        name_hy="Մարդկանց թրաֆիքինգի դեմ պայքարի ազգային կոմիտե",
        name_ru="Национальный комитет по борьбе с торговлей людьми",
        kind=BodyKind.COUNCIL,
        chair="NCATP",
        parent="",
        seats=(
            Seat(
                "NCATP",
                name="Deputy Prime Minister Alma Restin",
                email="committee@ncatp.ardenia.example",
            ),
            SECRETARIAT,
            Seat("MOI", name="Deputy Minister Pavel Dornik", email="p.dornik@moi.ardenia.example"),
            Seat("MOJ", name="Deputy Minister Irena Saltz", email="i.saltz@moj.ardenia.example"),
            Seat("MOSA", name="Deputy Minister Teodor Vann", email="t.vann@mosa.ardenia.example"),
            Seat("MOE", name="Deputy Minister Leda Prasko", email="l.prasko@moe.ardenia.example"),
            Seat("MFA", name="Ambassador Jonas Ekberg", email="j.ekberg@mfa.ardenia.example"),
            Seat(
                "PGO",
                name="Deputy Prosecutor General Mara Voss",
                email="m.voss@prosecutor.ardenia.example",
            ),
            Seat(
                "LAB-INSP",
                name="Chief Inspector Oskar Brenn",
                email="o.brenn@labour.ardenia.example",
            ),
            Seat("STAT", name="Director Nika Solberg", email="n.solberg@stat.ardenia.example"),
            IOM,
        ),
    ),
    BodyData(
        code="WG",
        name="Inter-agency Working Group against Trafficking in Persons",
        name_hy="Մարդկանց թրաֆիքինգի դեմ պայքարի միջգերատեսչական աշխատանքային խումբ",
        name_ru="Межведомственная рабочая группа по борьбе с торговлей людьми",
        kind=BodyKind.WORKING_GROUP,
        chair="NCATP-SEC",
        parent="COUNCIL",
        seats=WORKING_GROUP,
    ),
    BodyData(
        code="SG-VICTIMS",
        name="Subgroup on the identification and assistance of victims",
        name_hy="Զոհերի նույնականացման և աջակցության ենթախումբ",
        name_ru="Подгруппа по идентификации жертв и помощи им",
        kind=BodyKind.SUBGROUP,
        chair="MOSA",
        parent="WG",
        seats=(SOCIAL, COMMISSION, POLICE, BORDER, SHELTER, HOTLINE, LEGAL_AID, IOM, SECRETARIAT),
    ),
    BodyData(
        code="SG-LABOUR",
        name="Subgroup on labour exploitation",
        name_hy="Աշխատանքային շահագործման դեմ պայքարի ենթախումբ",
        name_ru="Подгруппа по трудовой эксплуатации",
        kind=BodyKind.SUBGROUP,
        chair="LAB-INSP",
        parent="WG",
        seats=(
            LABOUR,
            POLICE,
            SOCIAL,
            FOREIGN,
            LEGAL_AID,
            IOM,
            SECRETARIAT,
            Seat("PCATP-KES", name="Boris Almend", email="b.almend@kestria.ardenia.example"),
        ),
    ),
    BodyData(
        code="PC-VALMORA",
        name="Valmora Provincial Committee against Trafficking in Persons",
        name_hy="Վալմորայի մարզային թրաֆիքինգի դեմ պայքարի կոմիտե",
        name_ru="Валморский областной комитет по борьбе с торговлей людьми",
        kind=BodyKind.PROVINCIAL,
        chair="PCATP-VAL",
        parent="COUNCIL",
        seats=(
            Seat(
                "PCATP-VAL",
                name="Governor's adviser Ruta Kamen",
                email="pcatp@valmora.ardenia.example",
            ),
            Seat(
                "DCATP-TARSK",
                name="Filip Ostova",
                email="antitrafficking@tarsk.valmora.ardenia.example",
            ),
            BORDER,
            POLICE,
            SHELTER,
            SECRETARIAT,
        ),
    ),
)
