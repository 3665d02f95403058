"""The themes and stances a passage can carry: pure data, shown by the app and used by ingestion.

Cue conventions (read by ingest/themes.py):
- every cue is lower case and matched on word boundaries, case-insensitively, with an optional
  plural "s"; spaces in a cue also match hyphens and line breaks ("step down" = "step-down");
- a cue listed in ACRONYMS is social-care shorthand that is also an ordinary word or too short
  to trust ("send", "pa", "cin"): it counts only where the text writes it with a capital
  ("SEND", "PAs", "CiN");
- `cues` are specific enough that one of them shows the passage is about the theme;
  `weak_cues` are words that go with the theme but also turn up elsewhere ("placement",
  "health"), so they only count together with another cue or with similar meaning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str  # one paragraph a scrutiny officer would recognise as the topic
    cues: tuple[str, ...]
    weak_cues: tuple[str, ...] = ()


THEMES: tuple[Theme, ...] = (
    Theme(
        id="front_door",
        label="Front door, contacts and referrals",
        description=(
            "How the council first responds when someone is worried about a child: contacts "
            "and referrals into the front door, the multi-agency safeguarding hub (MASH), "
            "screening and triage, the application of thresholds, decisions about next steps "
            "within timescales, parental consent, information-sharing with police and "
            "partners, re-referrals, and the out-of-hours emergency duty team."
        ),
        cues=(
            "front door",
            "integrated front door",
            "multi-agency safeguarding hub",
            "multi agency safeguarding hub",
            "mash",
            "mach",
            "ifd",
            "contacts and referrals",
            "contact and referral",
            "referrals and contacts",
            "re-referral",
            "rereferral",
            "threshold document",
            "threshold decision",
            "thresholds are applied",
            "application of thresholds",
            "screening",
            "triage",
            "emergency duty team",
            "edt",
            "out of hours",
            "out-of-hours",
            "initial contact",
            "police notification",
            "police contact",
            "children's advice and duty service",
            "first response",
            "daily safeguarding meeting",
        ),
        weak_cues=(
            "referral",
            "referrals",
            "contacts",
            "threshold",
            "thresholds",
            "consent",
            "information-sharing",
            "information sharing",
        ),
    ),
    Theme(
        id="early_help",
        label="Early help and family support",
        description=(
            "Help offered to families before problems escalate to statutory social care: early "
            "help assessments and family plans, family hubs and targeted family support, lead "
            "professionals and team around the family, stepping cases up to social care or "
            "down to early help, and whether early intervention prevents needs escalating."
        ),
        cues=(
            "early help",
            "early intervention",
            "stronger families",
            "troubled families",
            "supporting families",
            "family hub",
            "step up",
            "step down",
            "stepped up",
            "stepped down",
            "step-up",
            "step-down",
            "team around the family",
            "taf",
            "lead professional",
            "common assessment framework",
            "targeted family support",
            "family support worker",
            "family practitioner",
            "my family plan",
            "prevention service",
        ),
        weak_cues=("prevention", "family support", "targeted support", "universal services"),
    ),
    Theme(
        id="child_protection",
        label="Child protection and children in need",
        description=(
            "Work with children at risk of significant harm or in need: strategy meetings and "
            "section 47 child protection enquiries, child in need and child protection "
            "assessments and plans, child protection conferences and core groups, domestic "
            "abuse, the public law outline and pre-proceedings, private fostering, and "
            "allegations against adults who work with children (LADO)."
        ),
        cues=(
            "child protection",
            "section 47",
            "s47",
            "s.47",
            "strategy meeting",
            "strategy discussion",
            "core group",
            "significant harm",
            "child in need",
            "children in need",
            "cin",
            "section 17",
            "s17",
            "s.17",
            "domestic abuse",
            "domestic violence",
            "public law outline",
            "plo",
            "pre-proceedings",
            "pre proceedings",
            "care proceedings",
            "private fostering",
            "privately fostered",
            "lado",
            "designated officer",
            "allegations against",
            "initial child protection conference",
            "risk of harm",
        ),
        weak_cues=(
            "help and protection",
            "safeguard",
            "safeguarding",
            "safeguarded",
            "protect",
            "protection",
            "risk assessment",
            "safety plan",
            "abuse",
            "harm",
        ),
    ),
    Theme(
        id="neglect_exploitation_missing",
        label="Neglect, exploitation and missing children",
        description=(
            "Children harmed by neglect or by exploitation outside the family: child sexual and "
            "criminal exploitation, county lines and gangs, trafficking and modern slavery, "
            "contextual safeguarding and extra-familial harm, children who go missing from "
            "home or care, return home interviews, radicalisation, and children missing "
            "education."
        ),
        cues=(
            "neglect",
            "exploitation",
            "exploited",
            "child sexual exploitation",
            "child criminal exploitation",
            "cse",
            "cce",
            "county lines",
            "gangs",
            "trafficking",
            "trafficked",
            "modern slavery",
            "contextual safeguarding",
            "extra-familial harm",
            "extrafamilial harm",
            "go missing",
            "goes missing",
            "went missing",
            "gone missing",
            "been missing",
            "were missing",
            "missing from home",
            "missing from care",
            "missing episode",
            "missing children",
            "children who go missing",
            "return home interview",
            "return interview",
            "rhi",
            "vemt",
            "radicalisation",
            "children missing education",
            "missing from education",
            "graded care profile",
        ),
        weak_cues=("missing", "grooming", "knife crime", "youth justice", "youth offending"),
    ),
    Theme(
        id="placements_and_sufficiency",
        label="Placements and sufficiency",
        description=(
            "Where children in care live and whether there are enough suitable homes: foster "
            "carers and connected or kinship carers, children's homes and residential care, "
            "unregistered or unregulated provision, placement matching, stability and "
            "placement moves, children placed at a distance from home, the sufficiency "
            "strategy and recruitment of foster carers."
        ),
        cues=(
            "placement stability",
            "placement moves",
            "placement move",
            "placement breakdown",
            "placement choice",
            "sufficiency",
            "foster carer",
            "foster carers",
            "foster placement",
            "foster care",
            "fostering",
            "connected carer",
            "connected foster carer",
            "connected person",
            "kinship carer",
            "kinship care",
            "children's home",
            "children’s home",
            "residential provision",
            "residential care",
            "residential placement",
            "unregistered",
            "unregulated",
            "out of area",
            "distance from home",
            "independent fostering agency",
        ),
        weak_cues=(
            "placement",
            "placements",
            "residential",
            "stability",
            "carers",
            "matching",
            "matched",
            "placed with",
        ),
    ),
    Theme(
        id="permanence",
        label="Permanence and care planning",
        description=(
            "Securing a permanent, stable family life for children in care without drift or "
            "delay: care planning and reviews by independent reviewing officers, permanence "
            "planning and parallel planning, adoption, special guardianship orders, long-term "
            "fostering, reunification with parents, family time with parents and siblings, and "
            "life-story work that helps children understand their history."
        ),
        cues=(
            "permanence",
            "permanency",
            "adoption",
            "adopted",
            "adopters",
            "adoptive",
            "special guardianship",
            "sgo",
            "long-term fostering",
            "long term fostering",
            "long-term match",
            "reunification",
            "reunified",
            "parallel planning",
            "early permanence",
            "fostering for adoption",
            "foster to adopt",
            "independent reviewing officer",
            "iro",
            "looked after review",
            "cla review",
            "life story",
            "life-story",
            "later life letter",
            "placement order",
            "forever home",
            "family time",
            "care plan",
            "care planning",
            "permanence planning",
        ),
        weak_cues=(
            "siblings",
            "sibling",
            "drift and delay",
            "legal gateway",
            "court",
            "care order",
        ),
    ),
    Theme(
        id="care_leavers_pathway_planning",
        label="Care leavers: pathway planning and support",
        description=(
            "Support for care leavers and older children leaving care: pathway needs "
            "assessments and pathway plans with contingency planning, personal advisers and "
            "keeping in touch, the local offer for care leavers, preparation for independence "
            "and transition to adulthood, staying close, and care leavers in custody."
        ),
        cues=(
            "care leaver",
            "care leavers",
            "care leaver’s",
            "care-experienced",
            "care experienced",
            "leaving care",
            "leave care",
            "left care",
            "pathway plan",
            "pathway planning",
            "pathways plan",
            "pathways team",
            "personal adviser",
            "personal advisor",
            "pa",
            "local offer",
            "care leaver offer",
            "staying close",
            "keeping in touch",
            "keep in touch",
            "transition to adulthood",
            "transitions to adulthood",
            "independence skills",
            "independent living skills",
        ),
        weak_cues=("contingency", "transition", "independence", "young adults", "in touch"),
    ),
    Theme(
        id="care_leavers_accommodation",
        label="Care leavers: accommodation",
        description=(
            "Whether care leavers and older children live in safe, suitable homes: staying put "
            "with former foster carers, supported lodgings and supported accommodation, "
            "housing options and tenancies, council tax exemption and setting-up-home help, "
            "bed and breakfast, homelessness and the response to 16 and 17 year olds who "
            "present as homeless."
        ),
        cues=(
            "accommodation",
            "housing",
            "homeless",
            "homelessness",
            "staying put",
            "supported lodgings",
            "supported accommodation",
            "semi-independent",
            "tenancy",
            "tenancies",
            "bed and breakfast",
            "b&b",
            "setting up home",
            "suitable accommodation",
            "independent living",
            "living arrangements",
            "taster flat",
        ),
        weak_cues=("flat", "flats", "landlord", "move on", "rent"),
    ),
    Theme(
        id="education_employment_training",
        label="Education, employment and training",
        description=(
            "Children's and care leavers' education and work: school attendance and "
            "exclusions, the virtual school and personal education plans, children missing "
            "education and elective home education, attainment, college and university, "
            "apprenticeships and jobs, young people not in education, employment or training "
            "(NEET), and the September Guarantee."
        ),
        cues=(
            "education, employment and training",
            "education, employment or training",
            "education employment and training",
            "education employment or training",
            "employment, education and training",
            "eet",
            "neet",
            "virtual school",
            "personal education plan",
            "pep",
            "school attendance",
            "attendance at school",
            "exclusion",
            "exclusions",
            "elective home education",
            "electively home educated",
            "attainment",
            "apprenticeship",
            "apprenticeships",
            "university",
            "college",
            "september guarantee",
            "work experience",
            "traineeship",
            "careers guidance",
            "job club",
            "job fair",
            "internship",
            "higher education",
            "further education",
        ),
        weak_cues=("education", "school", "schools", "employment", "training", "job", "jobs"),
    ),
    Theme(
        id="health_and_wellbeing",
        label="Health and emotional wellbeing",
        description=(
            "Children's physical, mental and emotional health: health assessments and "
            "strengths and difficulties questionnaires, CAMHS and therapeutic support, "
            "emotional wellbeing, trauma-informed practice, substance misuse, sexual health, "
            "dental care, health passports and registering with a GP."
        ),
        cues=(
            "mental health",
            "emotional health",
            "emotional wellbeing",
            "emotional well-being",
            "physical health",
            "health assessment",
            "health assessments",
            "health needs",
            "health passport",
            "camhs",
            "sdq",
            "strengths and difficulties questionnaire",
            "therapeutic",
            "therapy",
            "therapist",
            "psychological",
            "psychologist",
            "substance misuse",
            "sexual health",
            "dentist",
            "dental",
            "gp",
            "trauma-informed",
            "self-harm",
            "c card",
        ),
        weak_cues=("health", "wellbeing", "well-being", "trauma", "leisure", "doctor"),
    ),
    Theme(
        id="financial_support",
        label="Financial support",
        description=(
            "Money for children in care and care leavers: financial support and allowances, "
            "setting-up-home allowances and leaving care grants, bursaries for college and "
            "university, council tax exemption, help with benefits, budgeting and money "
            "management, debt, and the cost of living such as food and energy bills."
        ),
        cues=(
            "financial support",
            "financial assistance",
            "financial help",
            "financial capability",
            "financial needs",
            "allowance",
            "allowances",
            "leaving care grant",
            "bursary",
            "bursaries",
            "council tax",
            "welfare benefits",
            "benefit entitlement",
            "universal credit",
            "budgeting",
            "money management",
            "cost of living",
            "energy bills",
            "debt",
            "debts",
            "removal costs",
        ),
        weak_cues=("financial", "finances", "money", "grant", "food", "bills", "bank account"),
    ),
    Theme(
        id="voice_and_participation",
        label="Voice and participation",
        description=(
            "Whether children and young people are heard and influence their own plans and "
            "services: the voice of the child in assessments and plans, wishes and feelings, "
            "direct work, advocacy and independent visitors, the children in care council and "
            "care leavers' forum, participation, co-production and feedback from children."
        ),
        cues=(
            "voice of the child",
            "child's voice",
            "children's voices",
            "voice of children",
            "voice of young people",
            "wishes and feelings",
            "views of children",
            "children's views",
            "their views",
            "participation",
            "children in care council",
            "care leavers forum",
            "care leavers' forum",
            "youth council",
            "advocacy",
            "independent advocate",
            "advocacy service",
            "independent visitor",
            "co-production",
            "coproduction",
            "co-produced",
            "lived experience",
            "mind of my own",
            "listened to",
            "active participant",
            "voice",
        ),
        weak_cues=(
            "views",
            "feedback",
            "advocate",
            "consultation",
            "engagement",
            "written to",
            "direct work",
            "involved in",
        ),
    ),
    Theme(
        id="identity_and_diversity",
        label="Identity, culture and diversity",
        description=(
            "Children's identity and diverse needs: ethnicity, culture, religion and language, "
            "use of interpreters, sexuality and gender identity, unaccompanied asylum-seeking "
            "and separated migrant children, equality, and whether assessments and plans "
            "consider who the child is."
        ),
        cues=(
            "identity",
            "identities",
            "diversity",
            "diverse needs",
            "cultural",
            "culturally",
            "ethnicity",
            "ethnic",
            "race",
            "racism",
            "religion",
            "religious",
            "faith",
            "interpreter",
            "interpreters",
            "lgbt",
            "lgbtq",
            "lgbtq+",
            "sexuality",
            "gender",
            "asylum",
            "asylum-seeking",
            "uasc",
            "separated migrant",
            "equality",
            "protected characteristics",
            "heritage",
        ),
        weak_cues=("language", "languages", "background", "culture", "diverse"),
    ),
    Theme(
        id="send_and_disability",
        label="SEND and disabled children",
        description=(
            "Disabled children and children with special educational needs and disabilities "
            "(SEND): children with disabilities teams, education, health and care plans, "
            "short breaks, complex needs, autism, and transitions to adult services and "
            "preparing for adulthood."
        ),
        cues=(
            "send",
            "special educational needs",
            "disability",
            "disabilities",
            "disabled",
            "ehcp",
            "education, health and care plan",
            "education health and care plan",
            "short breaks",
            "autism",
            "autistic",
            "learning disability",
            "special needs",
            "adult services",
            "adult social care",
            "preparing for adulthood",
        ),
        weak_cues=("additional needs", "special school", "capacity assessment", "complex needs"),
    ),
    Theme(
        id="management_oversight",
        label="Management oversight, supervision and quality assurance",
        description=(
            "How frontline managers direct and check social work: management oversight and "
            "case direction, the quality and frequency of supervision, reflective practice, "
            "auditing and quality assurance of case files, and performance management of "
            "practice."
        ),
        cues=(
            "management oversight",
            "managerial oversight",
            "manager oversight",
            "managers' oversight",
            "managers’ oversight",
            "oversight of practice",
            "supervision",
            "supervisions",
            "management direction",
            "case direction",
            "audit",
            "audits",
            "auditing",
            "quality assurance",
            "performance management",
            "management processes",
            "practice standards",
            "reflective practice",
            "case management",
        ),
        weak_cues=(
            "oversight",
            "managers",
            "manager",
            "team manager",
            "challenge",
            "performance data",
        ),
    ),
    Theme(
        id="workforce",
        label="Workforce and caseloads",
        description=(
            "The social work workforce: recruitment and retention, stability and turnover, "
            "vacancies and reliance on agency staff, caseloads and workload pressure, "
            "training and development, newly qualified social workers, staff morale and "
            "changes of social worker for children."
        ),
        cues=(
            "workforce",
            "caseload",
            "caseloads",
            "case loads",
            "case load",
            "workload",
            "workloads",
            "recruitment and retention",
            "recruit and retain",
            "recruitment of social workers",
            "social worker recruitment",
            "permanent social workers",
            "retention",
            "agency staff",
            "agency workers",
            "agency social workers",
            "agency teams",
            "turnover",
            "vacancies",
            "vacancy",
            "newly qualified",
            "asye",
            "training offer",
            "training and development",
            "learning and development",
            "staff morale",
            "changes of social worker",
            "change of social worker",
            "staffing",
        ),
        weak_cues=(
            "training",
            "staff",
            "recruitment",
            "capacity",
            "academy",
            "pressure",
            "pressures",
        ),
    ),
    Theme(
        id="leadership_and_governance",
        label="Leadership, governance and partnerships",
        description=(
            "How senior leaders, councillors and partners run and improve children's services: "
            "the director of children's services and senior leadership team, corporate "
            "parenting and political leadership, self-evaluation and improvement plans, "
            "improvement boards, commissioners and the DfE, scrutiny, budgets and investment, "
            "and strategic partnerships and safeguarding arrangements."
        ),
        cues=(
            "senior leaders",
            "senior leadership",
            "leadership team",
            "leadership",
            "director of children's services",
            "director of children’s services",
            "dcs",
            "chief executive",
            "corporate parenting",
            "lead member",
            "elected members",
            "councillors",
            "political",
            "self-evaluation",
            "self-assessment",
            "sef",
            "improvement plan",
            "improvement board",
            "commissioner",
            "dfe",
            "governance",
            "safeguarding partnership",
            "strategic partnership",
            "scrutiny committee",
            "scrutiny panel",
        ),
        weak_cues=(
            "leaders",
            "strategic",
            "partnership",
            "investment",
            "budget",
            "scrutiny",
            "corporate",
        ),
    ),
)

THEME_BY_ID: dict[str, Theme] = {theme.id: theme for theme in THEMES}

# Shorthand that is also an ordinary word ("send", "pa") or too short to match safely in lower
# case: it counts only where the text writes it with a capital letter.
ACRONYMS: frozenset[str] = frozenset(
    {
        "mash",
        "mach",
        "ifd",
        "edt",
        "taf",
        "cin",
        "s17",
        "s47",
        "plo",
        "lado",
        "cse",
        "cce",
        "rhi",
        "vemt",
        "sgo",
        "iro",
        "pa",
        "eet",
        "neet",
        "pep",
        "sdq",
        "gp",
        "lgbt",
        "lgbtq",
        "lgbtq+",
        "uasc",
        "send",
        "ehcp",
        "asye",
        "dcs",
        "sef",
        "dfe",
    }
)

STANCES: tuple[str, ...] = ("strength", "area_for_improvement", "neutral")

STANCE_LABELS: dict[str, str] = {
    "strength": "Strength",
    "area_for_improvement": "Area for improvement",
    "neutral": "Neutral",
}
