"""Sample content for a demonstration Waymark site.

The helplines below are widely published national services. Each entry notes the public
page its details were taken from. They are SAMPLE DATA: numbers, hours and services
change, so every entry must be re-verified with the organisation before real use.
"""

SAMPLE_NOTE = (
    "Sample data for the Waymark demo, taken from {source}. "
    "Re-verify every detail with the organisation before relying on it."
)

ABOUT_SUMMARY = (
    "Waymark is an open platform where mental-health organisations publish helplines, "
    "self-care guides and campaigns."
)
ABOUT_BODY = [
    "Every helpline shows when it was last checked, and each way to get in touch shows its "
    "own opening hours, languages and cost.",
    "This demo site uses sample data: re-verify every detail before relying on it.",
]

AUDIENCES = [
    ("Children", "children"),
    ("Young people", "young-people"),
    ("Adults", "adults"),
    ("Parents and carers", "parents-and-carers"),
    ("LGBTQ+ people", "lgbtq"),
    ("Professionals", "professionals"),
]

# (name, slug, description, synonyms, is_crisis)
TOPICS = [
    (
        "Cyberbullying",
        "cyberbullying",
        "Being picked on, threatened or humiliated through phones, games or social media.",
        "trolling, trolls, mean comments, nasty comments, hate messages, bullied online, "
        "pile-on, roasting, group chat bullying, fake account, exposed, cyber bullying",
        False,
    ),
    (
        "Online harassment",
        "online-harassment",
        "Repeated unwanted contact, threats, stalking or abuse online.",
        "stalking, doxxing, threats, abuse, creepy messages, unwanted messages, sextortion, "
        "nudes shared, image abuse, blackmail, harassed",
        False,
    ),
    (
        "Social comparison",
        "social-comparison",
        "Feeling worse about yourself after comparing your life with what others post.",
        "comparing myself, everyone is better, fomo, fear of missing out, influencers, "
        "perfect lives, jealous, not good enough, highlight reel",
        False,
    ),
    (
        "Self-esteem",
        "self-esteem",
        "How you see and value yourself, and how to be kinder to yourself.",
        "confidence, self worth, hate myself, ugly, worthless, insecure, not good enough",
        False,
    ),
    (
        "Body image",
        "body-image",
        "How you feel about how you look, and the pressure from filtered images.",
        "filters, appearance, weight, looks, body confidence, diet culture, ugly",
        False,
    ),
    (
        "Screen time",
        "screen-time",
        "Finding a balance with phones, games and scrolling that works for you.",
        "doomscrolling, doom scrolling, phone addiction, addicted to my phone, scrolling at "
        "night, can't put my phone down, too much time online, gaming too much, digital detox",
        False,
    ),
    (
        "Belonging",
        "belonging",
        "Feeling part of something: friends, family, community, identity.",
        "fitting in, left out, excluded, no friends, outsider, identity, community",
        False,
    ),
    (
        "Creativity",
        "creativity",
        "Making things as a way to cope, express yourself and connect.",
        "art, music, writing, drawing, making, hobbies, journaling",
        False,
    ),
    (
        "Anxiety",
        "anxiety",
        "Worry, panic and fear that get in the way of everyday life.",
        "panic attack, panicking, worried, worry, stress, stressed, nervous, overthinking, "
        "anxious, can't breathe",
        False,
    ),
    (
        "Loneliness",
        "loneliness",
        "Feeling alone or disconnected, even when surrounded by people.",
        "lonely, alone, isolated, no one to talk to, nobody understands, no friends",
        False,
    ),
    (
        "Low mood",
        "low-mood",
        "Feeling down, flat or hopeless for a while.",
        "depressed, depression, sad, empty, numb, hopeless, down, crying",
        False,
    ),
    (
        "Suicidal thoughts",
        "suicidal-thoughts",
        "Thinking about ending your life, or worrying someone else is. Help is here now.",
        "want to die, kill myself, end it all, no reason to live, better off without me, "
        "suicide, suicidal, ending my life",
        True,
    ),
    (
        "Self-harm",
        "self-harm",
        "Hurting yourself on purpose to cope with how you feel. You deserve support.",
        "cutting, hurting myself, self injury, burning myself, self harm, harming myself",
        True,
    ),
]

# name: website
# Publishes the demo guides; campaigns are run by their first partner.
EDITORIAL_TEAM = "Waymark editorial team"

ORGANISATIONS = {
    EDITORIAL_TEAM: "",
    "Samaritans": "https://www.samaritans.org/",
    "Samaritans Ireland": "https://www.samaritans.org/ireland/",
    "NSPCC": "https://www.nspcc.org.uk/",
    "Mental Health Innovations": "https://giveusashout.org/",
    "PAPYRUS Prevention of Young Suicide": "https://www.papyrus-uk.org/",
    "The Mix": "https://www.themix.org.uk/",
    "Campaign Against Living Miserably (CALM)": "https://www.thecalmzone.net/",
    "Mind": "https://www.mind.org.uk/",
    "Switchboard LGBT+ Helpline": "https://switchboard.lgbt/",
    "UK Safer Internet Centre": "https://saferinternet.org.uk/",
    "YoungMinds": "https://www.youngminds.org.uk/",
    "London Nightline": "https://nightline.org.uk/",
    "ISPCC": "https://www.ispcc.ie/",
    "Pieta": "https://www.pieta.ie/",
    "50808": "https://text50808.ie/",
    "Vibrant Emotional Health": "https://988lifeline.org/",
    "Crisis Text Line": "https://www.crisistextline.org/",
    "The Trevor Project": "https://www.thetrevorproject.org/",
    "Teen Line": "https://teenline.org/",
    "US Department of Health and Human Services": "https://www.stopbullying.gov/",
    "Kids Help Phone": "https://kidshelpphone.ca/",
    "Centre for Addiction and Mental Health (CAMH)": "https://988.ca/",
    "Lifeline Australia": "https://www.lifeline.org.au/",
    "yourtown": "https://kidshelpline.com.au/",
    "Beyond Blue": "https://www.beyondblue.org.au/",
    "eSafety Commissioner": "https://www.esafety.gov.au/",
    "Whakarongorau Aotearoa": "https://1737.org.nz/",
    "Youthline": "https://www.youthline.co.nz/",
    "Ministerio de Sanidad": "https://www.sanidad.gob.es/linea024/",
    "Teléfono de la Esperanza": "https://telefonodelaesperanza.org/",
    "Fundación ANAR": "https://www.anar.org/",
    "Ministère de la Santé": "https://3114.fr/",
    "Association e-Enfance": "https://e-enfance.org/",
    "SOS Amitié": "https://www.sos-amitie.com/",
    "Fil Santé Jeunes": "https://www.filsantejeunes.com/",
}

# Every channel: kind, value, languages; optional label, keyword, cost, notes, and either
# always=True or hours=[(days, opens, closes)] in the helpline's time zone.
HELPLINES = [
    {
        "slug": "samaritans",
        "title": "Samaritans",
        "organisation": "Samaritans",
        "summary": "Talk to someone about anything that's troubling you, any time of day or night. "
        "You don't have to be suicidal to call.",
        "countries": ["GB"],
        "timezone": "Europe/London",
        "audiences": ["adults", "young-people"],
        "topics": ["suicidal-thoughts", "self-harm", "loneliness", "low-mood", "anxiety"],
        "confidentiality": "Confidential. You don't have to give your name. The number won't "
        "show on your phone bill.",
        "source": "samaritans.org (contact a Samaritan)",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "116 123",
                "always": True,
                "languages": "en",
                "cost": "Free from any phone",
            },
            {
                "kind": "email",
                "value": "jo@samaritans.org",
                "languages": "en",
                "notes": "A reply can take a few days.",
            },
            {
                "kind": "phone",
                "value": "0808 164 0123",
                "label": "Welsh language line",
                "hours": [("daily", "19:00", "23:00")],
                "languages": "cy",
                "cost": "Free",
            },
        ],
    },
    {
        "slug": "childline",
        "title": "Childline",
        "organisation": "NSPCC",
        "summary": "Free, confidential support for anyone under 19 in the UK, about anything: "
        "bullying, online worries, family, feelings.",
        "countries": ["GB"],
        "timezone": "Europe/London",
        "audiences": ["children", "young-people"],
        "topics": [
            "cyberbullying",
            "online-harassment",
            "self-esteem",
            "anxiety",
            "loneliness",
            "self-harm",
            "suicidal-thoughts",
        ],
        "confidentiality": "Confidential. Calls don't show on phone bills.",
        "source": "childline.org.uk",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "0800 1111",
                "always": True,
                "languages": "en",
                "cost": "Free",
            },
            {
                "kind": "chat",
                "value": "https://www.childline.org.uk/get-support/1-2-1-counsellor-chat/",
                "languages": "en",
                "notes": "Sign in or chat without an account.",
            },
        ],
    },
    {
        "slug": "shout",
        "title": "Shout 85258",
        "organisation": "Mental Health Innovations",
        "summary": "Text-based support, 24/7, for anyone in the UK who is struggling to cope.",
        "countries": ["GB"],
        "timezone": "Europe/London",
        "audiences": ["young-people", "adults"],
        "topics": ["anxiety", "suicidal-thoughts", "self-harm", "low-mood", "loneliness"],
        "confidentiality": "Free, confidential and anonymous. Won't appear on your phone bill.",
        "source": "giveusashout.org",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "sms",
                "value": "85258",
                "keyword": "SHOUT",
                "always": True,
                "languages": "en",
                "cost": "Free on major UK networks",
            },
        ],
    },
    {
        "slug": "papyrus-hopeline247",
        "title": "PAPYRUS HOPELINE247",
        "organisation": "PAPYRUS Prevention of Young Suicide",
        "summary": "For children and young people under 35 having thoughts of suicide, and "
        "anyone worried about a young person.",
        "countries": ["GB"],
        "timezone": "Europe/London",
        "audiences": ["young-people", "parents-and-carers"],
        "topics": ["suicidal-thoughts", "self-harm"],
        "confidentiality": "Confidential.",
        "source": "papyrus-uk.org",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "0800 068 4141",
                "always": True,
                "languages": "en",
                "cost": "Free",
            },
            {"kind": "sms", "value": "88247", "always": True, "languages": "en"},
            {"kind": "email", "value": "pat@papyrus-uk.org", "languages": "en"},
        ],
    },
    {
        "slug": "the-mix",
        "title": "The Mix",
        "organisation": "The Mix",
        "summary": "Support for under 25s about anything: friends, feeds, money, mental health.",
        "countries": ["GB"],
        "timezone": "Europe/London",
        "audiences": ["young-people"],
        "topics": [
            "loneliness",
            "anxiety",
            "self-esteem",
            "screen-time",
            "cyberbullying",
            "social-comparison",
        ],
        "confidentiality": "Confidential. You can stay anonymous.",
        "source": "themix.org.uk (get support)",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "0808 808 4994",
                "hours": [("daily", "16:00", "23:00")],
                "languages": "en",
                "cost": "Free",
            },
            {
                "kind": "chat",
                "value": "https://www.themix.org.uk/get-support",
                "hours": [("daily", "16:00", "23:00")],
                "languages": "en",
            },
        ],
    },
    {
        "slug": "calm",
        "title": "CALM helpline",
        "organisation": "Campaign Against Living Miserably (CALM)",
        "summary": "Talk to a trained helper about whatever is on your mind, every evening.",
        "countries": ["GB"],
        "timezone": "Europe/London",
        "audiences": ["adults", "young-people"],
        "topics": ["suicidal-thoughts", "low-mood", "loneliness"],
        "confidentiality": "Confidential and anonymous.",
        "source": "thecalmzone.net",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "0800 58 58 58",
                "hours": [("daily", "17:00", "00:00")],
                "languages": "en",
                "cost": "Free",
            },
            {
                "kind": "chat",
                "value": "https://www.thecalmzone.net/get-support",
                "hours": [("daily", "17:00", "00:00")],
                "languages": "en",
            },
        ],
    },
    {
        "slug": "mind-infoline",
        "title": "Mind Infoline",
        "organisation": "Mind",
        "summary": "Information about mental health problems, treatment and where to get help "
        "near you.",
        "countries": ["GB"],
        "regions": "GB-ENG GB-WLS",
        "timezone": "Europe/London",
        "audiences": ["adults", "parents-and-carers"],
        "topics": ["anxiety", "low-mood"],
        "confidentiality": "Information service, not crisis support.",
        "source": "mind.org.uk (Mind Infoline)",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "0300 123 3393",
                "hours": [("mon-fri", "09:00", "18:00")],
                "languages": "en",
                "cost": "Local rate",
            },
            {"kind": "email", "value": "info@mind.org.uk", "languages": "en"},
        ],
    },
    {
        "slug": "switchboard-lgbt",
        "title": "Switchboard LGBT+ Helpline",
        "organisation": "Switchboard LGBT+ Helpline",
        "summary": "A safe space to talk about anything, run by LGBTQIA+ volunteers.",
        "countries": ["GB"],
        "timezone": "Europe/London",
        "audiences": ["lgbtq", "young-people", "adults"],
        "topics": ["belonging", "loneliness", "online-harassment"],
        "confidentiality": "Confidential. Volunteers all identify as LGBTQIA+.",
        "source": "switchboard.lgbt",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "0800 0119 100",
                "hours": [("daily", "10:00", "22:00")],
                "languages": "en",
                "cost": "Free",
            },
            {"kind": "email", "value": "chris@switchboard.lgbt", "languages": "en"},
            {
                "kind": "chat",
                "value": "https://switchboard.lgbt/",
                "hours": [("daily", "10:00", "22:00")],
                "languages": "en",
            },
        ],
    },
    {
        "slug": "report-harmful-content",
        "title": "Report Harmful Content",
        "organisation": "UK Safer Internet Centre",
        "summary": "Help to report harmful content online, including bullying, threats and "
        "impersonation, when a platform hasn't acted.",
        "countries": ["GB"],
        "timezone": "Europe/London",
        "audiences": ["young-people", "adults", "parents-and-carers"],
        "topics": ["cyberbullying", "online-harassment"],
        "confidentiality": "",
        "source": "reportharmfulcontent.com",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "web", "value": "https://reportharmfulcontent.com/", "languages": "en"},
        ],
    },
    {
        "slug": "nspcc-helpline",
        "title": "NSPCC Helpline",
        "organisation": "NSPCC",
        "summary": "For adults worried about a child, including worries about what happens online.",
        "countries": ["GB"],
        "timezone": "Europe/London",
        "audiences": ["parents-and-carers", "professionals"],
        "topics": ["cyberbullying", "online-harassment", "screen-time"],
        "confidentiality": "You can stay anonymous.",
        "source": "nspcc.org.uk (contact the helpline)",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "0808 800 5000",
                "hours": [("mon-fri", "10:00", "20:00"), ("sat-sun", "09:00", "18:00")],
                "languages": "en",
                "cost": "Free",
            },
            {"kind": "email", "value": "help@nspcc.org.uk", "languages": "en"},
        ],
    },
    {
        "slug": "youngminds-parents-helpline",
        "title": "YoungMinds Parents Helpline",
        "organisation": "YoungMinds",
        "summary": "Advice for parents and carers worried about a child's mental health.",
        "countries": ["GB"],
        "regions": "GB-ENG GB-SCT GB-WLS",
        "timezone": "Europe/London",
        "audiences": ["parents-and-carers"],
        "topics": ["anxiety", "self-esteem", "screen-time", "self-harm"],
        "confidentiality": "Confidential.",
        "source": "youngminds.org.uk (parents helpline)",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "0808 802 5544",
                "hours": [("mon-fri", "09:30", "16:00")],
                "languages": "en",
                "cost": "Free",
            },
        ],
    },
    {
        "slug": "london-nightline",
        "title": "London Nightline",
        "organisation": "London Nightline",
        "summary": "Overnight listening by students, for students in London.",
        "countries": ["GB"],
        "timezone": "Europe/London",
        "audiences": ["young-people"],
        "topics": ["loneliness", "anxiety", "low-mood"],
        "confidentiality": "Confidential and anonymous. Volunteers are students too.",
        "source": "nightline.org.uk (London Nightline)",
        "verified": "2025-03-01",
        "channels": [
            {
                "kind": "phone",
                "value": "020 7631 0101",
                "hours": [("daily", "18:00", "08:00")],
                "languages": "en",
                "notes": "Open during university term time.",
            },
        ],
    },
    {
        "slug": "samaritans-ireland",
        "title": "Samaritans Ireland",
        "organisation": "Samaritans Ireland",
        "summary": "Someone to listen, any time of day or night, whatever you're going through.",
        "countries": ["IE"],
        "timezone": "Europe/Dublin",
        "audiences": ["adults", "young-people"],
        "topics": ["suicidal-thoughts", "self-harm", "loneliness", "low-mood"],
        "confidentiality": "Confidential. You don't have to give your name.",
        "source": "samaritans.org/ireland",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "116 123",
                "always": True,
                "languages": "en",
                "cost": "Free",
            },
            {"kind": "email", "value": "jo@samaritans.ie", "languages": "en"},
        ],
    },
    {
        "slug": "childline-ireland",
        "title": "Childline (ISPCC)",
        "organisation": "ISPCC",
        "summary": "A listening service for children and young people in Ireland, day and night.",
        "countries": ["IE"],
        "timezone": "Europe/Dublin",
        "audiences": ["children", "young-people"],
        "topics": ["cyberbullying", "anxiety", "loneliness", "self-esteem"],
        "confidentiality": "Confidential.",
        "source": "childline.ie",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "1800 66 66 66",
                "always": True,
                "languages": "en",
                "cost": "Free",
            },
            {"kind": "sms", "value": "50101", "languages": "en"},
        ],
    },
    {
        "slug": "pieta",
        "title": "Pieta",
        "organisation": "Pieta",
        "summary": "Free support for people in suicidal distress or who self-harm, and those "
        "bereaved by suicide.",
        "countries": ["IE"],
        "timezone": "Europe/Dublin",
        "audiences": ["adults", "young-people", "parents-and-carers"],
        "topics": ["suicidal-thoughts", "self-harm"],
        "confidentiality": "Confidential.",
        "source": "pieta.ie",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "1800 247 247",
                "always": True,
                "languages": "en",
                "cost": "Free",
            },
            {"kind": "sms", "value": "51444", "keyword": "HELP", "always": True, "languages": "en"},
        ],
    },
    {
        "slug": "text-50808",
        "title": "50808 text service",
        "organisation": "50808",
        "summary": "Free, anonymous text support in Ireland, 24 hours a day.",
        "countries": ["IE"],
        "timezone": "Europe/Dublin",
        "audiences": ["young-people", "adults"],
        "topics": ["anxiety", "low-mood", "suicidal-thoughts", "loneliness"],
        "confidentiality": "Anonymous.",
        "source": "text50808.ie",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "sms",
                "value": "50808",
                "keyword": "HELLO",
                "always": True,
                "languages": "en",
                "cost": "Free",
            },
        ],
    },
    {
        "slug": "988-lifeline",
        "title": "988 Suicide & Crisis Lifeline",
        "organisation": "Vibrant Emotional Health",
        "summary": "Call, text or chat any time if you're in emotional distress or worried "
        "about someone. In English and Spanish.",
        "countries": ["US"],
        "timezone": "America/New_York",
        "audiences": ["adults", "young-people"],
        "topics": ["suicidal-thoughts", "self-harm", "anxiety", "low-mood"],
        "confidentiality": "Free and confidential.",
        "source": "988lifeline.org",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "988",
                "always": True,
                "languages": "en es",
                "notes": "Press 2 for Spanish.",
            },
            {"kind": "sms", "value": "988", "always": True, "languages": "en es"},
            {
                "kind": "chat",
                "value": "https://988lifeline.org/chat/",
                "always": True,
                "languages": "en es",
            },
        ],
    },
    {
        "slug": "crisis-text-line",
        "title": "Crisis Text Line",
        "organisation": "Crisis Text Line",
        "summary": "Text with a trained volunteer crisis counselor, 24/7.",
        "countries": ["US"],
        "timezone": "America/New_York",
        "audiences": ["young-people", "adults"],
        "topics": ["anxiety", "self-harm", "suicidal-thoughts", "cyberbullying", "loneliness"],
        "confidentiality": "Free and confidential.",
        "source": "crisistextline.org",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "sms",
                "value": "741741",
                "keyword": "HOME",
                "always": True,
                "languages": "en",
            },
        ],
    },
    {
        "slug": "trevor-project",
        "title": "The Trevor Project",
        "organisation": "The Trevor Project",
        "summary": "Crisis support for LGBTQ+ young people, by phone, text and chat, 24/7.",
        "countries": ["US"],
        "timezone": "America/New_York",
        "audiences": ["lgbtq", "young-people"],
        "topics": ["suicidal-thoughts", "belonging", "loneliness", "online-harassment"],
        "confidentiality": "Confidential.",
        "source": "thetrevorproject.org (get help)",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "1-866-488-7386", "always": True, "languages": "en"},
            {
                "kind": "sms",
                "value": "678-678",
                "keyword": "START",
                "always": True,
                "languages": "en",
            },
            {
                "kind": "chat",
                "value": "https://www.thetrevorproject.org/get-help/",
                "always": True,
                "languages": "en",
            },
        ],
    },
    {
        "slug": "teen-line",
        "title": "Teen Line",
        "organisation": "Teen Line",
        "summary": "Teens helping teens: talk or text with a trained teen listener every evening.",
        "countries": ["US"],
        "timezone": "America/Los_Angeles",
        "audiences": ["young-people"],
        "topics": ["cyberbullying", "social-comparison", "self-esteem", "anxiety", "loneliness"],
        "confidentiality": "Confidential.",
        "source": "teenline.org",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "1-800-852-8336",
                "hours": [("daily", "18:00", "21:00")],
                "languages": "en",
            },
            {
                "kind": "sms",
                "value": "839863",
                "keyword": "TEEN",
                "hours": [("daily", "18:00", "21:00")],
                "languages": "en",
            },
        ],
    },
    {
        "slug": "stopbullying-gov",
        "title": "StopBullying.gov",
        "organisation": "US Department of Health and Human Services",
        "summary": "How to recognise, respond to and report cyberbullying, for young people, "
        "parents and schools.",
        "countries": ["US"],
        "timezone": "America/New_York",
        "audiences": ["parents-and-carers", "young-people", "professionals"],
        "topics": ["cyberbullying"],
        "confidentiality": "",
        "source": "stopbullying.gov",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "web", "value": "https://www.stopbullying.gov/", "languages": "en es"},
        ],
    },
    {
        "slug": "kids-help-phone",
        "title": "Kids Help Phone",
        "organisation": "Kids Help Phone",
        "summary": "Canada's 24/7 support service for young people, in English and French.",
        "countries": ["CA"],
        "timezone": "America/Toronto",
        "audiences": ["children", "young-people"],
        "topics": ["cyberbullying", "anxiety", "loneliness", "self-esteem", "suicidal-thoughts"],
        "confidentiality": "Free, confidential and anonymous.",
        "source": "kidshelpphone.ca",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "1-800-668-6868", "always": True, "languages": "en fr"},
            {
                "kind": "sms",
                "value": "686868",
                "keyword": "CONNECT",
                "always": True,
                "languages": "en",
                "notes": "Text TEXTO for French.",
            },
        ],
    },
    {
        "slug": "988-canada",
        "title": "9-8-8 Suicide Crisis Helpline",
        "organisation": "Centre for Addiction and Mental Health (CAMH)",
        "summary": "Call or text 9-8-8 any time if you're thinking about suicide or worried "
        "about someone.",
        "countries": ["CA"],
        "timezone": "America/Toronto",
        "audiences": ["adults", "young-people"],
        "topics": ["suicidal-thoughts", "self-harm"],
        "confidentiality": "Free and confidential.",
        "source": "988.ca",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "988", "always": True, "languages": "en fr"},
            {"kind": "sms", "value": "988", "always": True, "languages": "en fr"},
        ],
    },
    {
        "slug": "lifeline-australia",
        "title": "Lifeline Australia",
        "organisation": "Lifeline Australia",
        "summary": "24-hour crisis support and suicide prevention by phone, text and chat.",
        "countries": ["AU"],
        "timezone": "Australia/Sydney",
        "audiences": ["adults", "young-people"],
        "topics": ["suicidal-thoughts", "self-harm", "anxiety", "loneliness"],
        "confidentiality": "Confidential.",
        "source": "lifeline.org.au",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "13 11 14", "always": True, "languages": "en"},
            {"kind": "sms", "value": "0477 13 11 14", "always": True, "languages": "en"},
            {
                "kind": "chat",
                "value": "https://www.lifeline.org.au/crisis-chat/",
                "always": True,
                "languages": "en",
            },
        ],
    },
    {
        "slug": "kids-helpline",
        "title": "Kids Helpline",
        "organisation": "yourtown",
        "summary": "Free, private counselling for young people aged 5 to 25, any time.",
        "countries": ["AU"],
        "timezone": "Australia/Sydney",
        "audiences": ["children", "young-people"],
        "topics": ["cyberbullying", "anxiety", "self-esteem", "loneliness", "self-harm"],
        "confidentiality": "Private and confidential.",
        "source": "kidshelpline.com.au",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "1800 55 1800",
                "always": True,
                "languages": "en",
                "cost": "Free",
            },
        ],
    },
    {
        "slug": "beyond-blue",
        "title": "Beyond Blue Support Service",
        "organisation": "Beyond Blue",
        "summary": "Talk through anxiety, depression or stress with a trained counsellor, 24/7.",
        "countries": ["AU"],
        "timezone": "Australia/Sydney",
        "audiences": ["adults", "young-people"],
        "topics": ["anxiety", "low-mood"],
        "confidentiality": "Confidential.",
        "source": "beyondblue.org.au",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "1300 22 4636", "always": True, "languages": "en"},
        ],
    },
    {
        "slug": "esafety-report",
        "title": "eSafety Commissioner: report online harm",
        "organisation": "eSafety Commissioner",
        "summary": "Report serious cyberbullying of a young person, image-based abuse and "
        "online abuse that platforms haven't removed.",
        "countries": ["AU"],
        "timezone": "Australia/Sydney",
        "audiences": ["young-people", "adults", "parents-and-carers"],
        "topics": ["cyberbullying", "online-harassment"],
        "confidentiality": "",
        "source": "esafety.gov.au (report)",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "web", "value": "https://www.esafety.gov.au/report", "languages": "en"},
        ],
    },
    {
        "slug": "need-to-talk-1737",
        "title": "1737 Need to talk?",
        "organisation": "Whakarongorau Aotearoa",
        "summary": "Call or text 1737 any time to talk with a trained counsellor.",
        "countries": ["NZ"],
        "timezone": "Pacific/Auckland",
        "audiences": ["adults", "young-people"],
        "topics": ["anxiety", "low-mood", "suicidal-thoughts", "loneliness"],
        "confidentiality": "Free and confidential.",
        "source": "1737.org.nz",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "1737", "always": True, "languages": "en"},
            {"kind": "sms", "value": "1737", "always": True, "languages": "en"},
        ],
    },
    {
        "slug": "youthline-nz",
        "title": "Youthline",
        "organisation": "Youthline",
        "summary": "Support for young people in Aotearoa New Zealand, by phone or text.",
        "countries": ["NZ"],
        "timezone": "Pacific/Auckland",
        "audiences": ["young-people"],
        "topics": ["cyberbullying", "anxiety", "belonging", "self-esteem"],
        "confidentiality": "Confidential.",
        "source": "youthline.co.nz",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "0800 376 633", "always": True, "languages": "en"},
            {"kind": "sms", "value": "234", "always": True, "languages": "en"},
        ],
    },
    {
        "slug": "linea-024",
        "title": "Línea 024",
        "organisation": "Ministerio de Sanidad",
        "summary": "Línea de atención a la conducta suicida: gratuita, confidencial y disponible "
        "las 24 horas.",
        "countries": ["ES"],
        "timezone": "Europe/Madrid",
        "audiences": ["adults", "young-people", "parents-and-carers"],
        "topics": ["suicidal-thoughts", "self-harm"],
        "confidentiality": "Gratuita y confidencial.",
        "source": "sanidad.gob.es/linea024",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "024", "always": True, "languages": "es"},
        ],
    },
    {
        "slug": "telefono-de-la-esperanza",
        "title": "Teléfono de la Esperanza",
        "organisation": "Teléfono de la Esperanza",
        "summary": "Escucha y apoyo emocional en crisis, a cualquier hora.",
        "countries": ["ES"],
        "timezone": "Europe/Madrid",
        "audiences": ["adults", "young-people"],
        "topics": ["loneliness", "anxiety", "suicidal-thoughts", "low-mood"],
        "confidentiality": "Anónimo y confidencial.",
        "source": "telefonodelaesperanza.org",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "717 003 717", "always": True, "languages": "es"},
        ],
    },
    {
        "slug": "fundacion-anar",
        "title": "Teléfono ANAR",
        "organisation": "Fundación ANAR",
        "summary": "Ayuda a niños, niñas y adolescentes en riesgo, también por acoso escolar y "
        "ciberacoso.",
        "countries": ["ES"],
        "timezone": "Europe/Madrid",
        "audiences": ["children", "young-people", "parents-and-carers"],
        "topics": ["cyberbullying", "online-harassment", "self-harm", "anxiety"],
        "confidentiality": "Gratuito y confidencial.",
        "source": "anar.org",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "900 20 20 10",
                "always": True,
                "languages": "es",
                "cost": "Gratuito",
            },
        ],
    },
    {
        "slug": "3114",
        "title": "3114 – Numéro national de prévention du suicide",
        "organisation": "Ministère de la Santé",
        "summary": "Écoute professionnelle, gratuite et confidentielle, 24h/24 et 7j/7, pour les "
        "personnes en détresse et leurs proches.",
        "countries": ["FR"],
        "timezone": "Europe/Paris",
        "audiences": ["adults", "young-people", "parents-and-carers"],
        "topics": ["suicidal-thoughts", "self-harm"],
        "confidentiality": "Gratuit et confidentiel.",
        "source": "3114.fr",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "3114", "always": True, "languages": "fr"},
        ],
    },
    {
        "slug": "3018",
        "title": "3018 – Cyberharcèlement",
        "organisation": "Association e-Enfance",
        "summary": "Le numéro national pour les jeunes victimes de harcèlement et de violences "
        "numériques, et leurs parents.",
        "countries": ["FR"],
        "timezone": "Europe/Paris",
        "audiences": ["children", "young-people", "parents-and-carers"],
        "topics": ["cyberbullying", "online-harassment"],
        "confidentiality": "Gratuit, anonyme et confidentiel.",
        "source": "e-enfance.org (3018)",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "3018",
                "hours": [("daily", "09:00", "23:00")],
                "languages": "fr",
            },
            {
                "kind": "chat",
                "value": "https://e-enfance.org/le-3018/",
                "hours": [("daily", "09:00", "23:00")],
                "languages": "fr",
            },
        ],
    },
    {
        "slug": "sos-amitie",
        "title": "SOS Amitié",
        "organisation": "SOS Amitié",
        "summary": "Écoute anonyme pour les personnes en détresse, jour et nuit.",
        "countries": ["FR"],
        "timezone": "Europe/Paris",
        "audiences": ["adults"],
        "topics": ["loneliness", "low-mood", "suicidal-thoughts"],
        "confidentiality": "Anonyme.",
        "source": "sos-amitie.com",
        "verified": "2026-10-01",
        "channels": [
            {"kind": "phone", "value": "09 72 39 40 50", "always": True, "languages": "fr"},
        ],
    },
    {
        "slug": "fil-sante-jeunes",
        "title": "Fil Santé Jeunes",
        "organisation": "Fil Santé Jeunes",
        "summary": "Pour les 12–25 ans : santé, relations, mal-être. Par téléphone, anonyme "
        "et gratuit.",
        "countries": ["FR"],
        "timezone": "Europe/Paris",
        "audiences": ["young-people"],
        "topics": ["anxiety", "self-esteem", "body-image", "loneliness"],
        "confidentiality": "Anonyme et gratuit.",
        "source": "filsantejeunes.com",
        "verified": "2026-10-01",
        "channels": [
            {
                "kind": "phone",
                "value": "0 800 235 236",
                "hours": [("daily", "09:00", "23:00")],
                "languages": "fr",
                "cost": "Gratuit",
            },
        ],
    },
]

# code, name, [(number, label)], [crisis line slugs in order]
COUNTRIES = [
    (
        "GB",
        "United Kingdom",
        [("999", "Police, fire and ambulance"), ("112", "Emergency, from any phone")],
        ["samaritans", "shout", "papyrus-hopeline247"],
    ),
    (
        "IE",
        "Ireland",
        [("112", "Emergency services"), ("999", "Emergency services")],
        ["samaritans-ireland", "pieta", "text-50808"],
    ),
    (
        "US",
        "United States",
        [("911", "Police, fire and ambulance")],
        ["988-lifeline", "crisis-text-line"],
    ),
    ("CA", "Canada", [("911", "Police, fire and ambulance")], ["988-canada", "kids-help-phone"]),
    (
        "AU",
        "Australia",
        [("000", "Police, fire and ambulance")],
        ["lifeline-australia", "kids-helpline"],
    ),
    (
        "NZ",
        "New Zealand",
        [("111", "Police, fire and ambulance")],
        ["need-to-talk-1737", "youthline-nz"],
    ),
    ("ES", "Spain", [("112", "Emergencias")], ["linea-024", "telefono-de-la-esperanza"]),
    ("FR", "France", [("112", "Urgences")], ["3114", "sos-amitie"]),
]

GUIDES = [
    {
        "slug": "setting-screen-time-boundaries",
        "title": "Setting screen-time boundaries that stick",
        "summary": "Small, realistic limits on your phone that leave room for the things you "
        "actually enjoy.",
        "topics": ["screen-time"],
        "steps": [
            (
                "Notice before you change",
                "For two days, just notice when you pick up your phone "
                "and how you feel after. No judging: you're collecting clues.",
            ),
            (
                "Pick one boundary",
                "Choose one limit that matters to you, like no phone for the "
                "first 30 minutes after waking, or none at the dinner table.",
            ),
            (
                "Make it easy to keep",
                "Move tempting apps off your home screen, turn off "
                "non-urgent notifications and charge your phone outside your bedroom.",
            ),
            (
                "Tell someone",
                "Saying your plan out loud to a friend or family member makes it "
                "more likely to stick, and they might join you.",
            ),
            (
                "Review after a week",
                "If it felt good, keep it and add another. If not, adjust "
                "it. Boundaries are yours to shape.",
            ),
        ],
        "more_help": "If you feel panicky or low when you're away from your phone, or screens "
        "are stopping you sleeping, going to school or seeing people, talk to someone you trust "
        "or a helpline.",
        "helplines": ["the-mix", "childline"],
    },
    {
        "slug": "taking-breaks",
        "title": "Taking a break from your phone",
        "summary": "How to step away for an hour, a day or a weekend without feeling you're "
        "missing everything.",
        "topics": ["screen-time", "social-comparison"],
        "steps": [
            (
                "Decide how long",
                "Start small: an hour after school, an evening, or one day at the weekend.",
            ),
            (
                "Let people know",
                "Post or message that you're taking a break so nobody worries if you don't reply.",
            ),
            (
                "Plan what you'll do instead",
                "Have something ready: a walk, music, drawing, "
                "cooking, seeing a friend. Boredom is fine too.",
            ),
            (
                "Notice how you feel",
                "Afterwards, write down one thing that felt better and one "
                "thing you missed. Use that to plan the next break.",
            ),
        ],
        "more_help": "If being offline makes you feel very anxious or alone, that is worth "
        "talking about. You can contact a helpline in your country any time.",
        "helplines": ["the-mix", "shout"],
    },
    {
        "slug": "curating-your-feed",
        "title": "Curating your feed",
        "summary": "Take back control of what you see, so your feed lifts you up rather than "
        "drags you down.",
        "topics": ["social-comparison", "self-esteem", "body-image", "screen-time"],
        "steps": [
            (
                "Do a feed check",
                "Scroll for five minutes and notice how each account makes you "
                "feel: better, worse, or nothing.",
            ),
            (
                "Mute or unfollow",
                "Mute accounts that leave you feeling worse. They won't be "
                "told, and you can always change your mind.",
            ),
            (
                "Follow what helps",
                "Add accounts about things you love: hobbies, creators who "
                "are real about their lives, people who make you laugh.",
            ),
            (
                "Use the tools",
                "Most apps let you mark posts as “not interested”, hide like "
                "counts or limit sensitive content. Try them.",
            ),
        ],
        "more_help": "If what you see online is affecting how you eat, sleep or feel about "
        "yourself most days, talk to someone you trust or a helpline.",
        "helplines": ["the-mix", "childline"],
    },
    {
        "slug": "responding-to-online-harassment",
        "title": "Responding to online harassment",
        "summary": "What to do if someone keeps sending you abuse, threats or unwanted messages.",
        "topics": ["online-harassment", "cyberbullying"],
        "steps": [
            ("Don't reply", "Replying can make it worse. You don't owe anyone a response."),
            (
                "Save the evidence",
                "Take screenshots showing the messages, the account name and "
                "the date before you block anyone.",
            ),
            (
                "Block and report",
                "Block the account and report it to the platform. Most apps "
                "have a report option on each message or profile.",
            ),
            (
                "Tell someone",
                "Tell a trusted adult, friend or a helpline. You don't have to deal "
                "with this alone.",
            ),
            (
                "Get more help if it continues",
                "If the platform doesn't act, services such as "
                "Report Harmful Content can help. If you are threatened, contact the police.",
            ),
        ],
        "more_help": "If you feel unsafe, or the messages include threats or sharing of private "
        "images, get help straight away. In an emergency, call your emergency number.",
        "helplines": ["report-harmful-content", "childline", "3018"],
    },
    {
        "slug": "dealing-with-comparison",
        "title": "Dealing with comparison",
        "summary": "Why everyone else's life looks better online, and how to feel more okay "
        "about your own.",
        "topics": ["social-comparison", "self-esteem", "body-image"],
        "steps": [
            (
                "Remember it's a highlight reel",
                "People post their best moments, often edited and "
                "filtered. You're comparing your everyday with their best day.",
            ),
            (
                "Catch the thought",
                "When you notice “everyone is better than me”, say to "
                "yourself: that's comparison talking, not a fact.",
            ),
            (
                "Look at your own progress",
                "Compare yourself with you last year, not with a "
                "stranger. Write down three things you've got better at.",
            ),
            (
                "Step away when it stings",
                "If a post makes you feel bad, close the app and do something that grounds you.",
            ),
        ],
        "more_help": "If comparison is making you feel worthless or hopeless for a long time, "
        "please talk to someone. A helpline can listen without judging.",
        "helplines": ["the-mix", "teen-line"],
    },
    {
        "slug": "when-someone-is-mean-online",
        "title": "When someone is being mean to you online",
        "summary": "Practical steps if you're being bullied in group chats, games or comments.",
        "topics": ["cyberbullying", "belonging"],
        "steps": [
            (
                "It's not your fault",
                "Nobody deserves to be bullied. What they're doing says "
                "something about them, not you.",
            ),
            ("Keep a record", "Screenshot what's happening, with names and dates."),
            (
                "Leave, block, report",
                "Leave the chat or game, block the people involved and "
                "report them to the platform.",
            ),
            (
                "Talk to someone",
                "Tell a friend, parent, teacher or a helpline. Schools have to "
                "act on bullying, including online.",
            ),
        ],
        "more_help": "If bullying is making you feel like hurting yourself, or you don't want "
        "to go to school, talk to a helpline today.",
        "helplines": ["childline", "kids-help-phone", "3018"],
    },
    {
        "slug": "late-night-scrolling",
        "title": "Breaking the late-night scrolling habit",
        "summary": "If you're doomscrolling at 3am, here's how to get your sleep back.",
        "topics": ["screen-time", "anxiety"],
        "steps": [
            (
                "Set a wind-down alarm",
                "Set an alarm an hour before bed as a cue to start putting your phone away.",
            ),
            (
                "Move the charger",
                "Charge your phone outside your bedroom, or at least out of "
                "reach of your bed. Use a cheap alarm clock instead.",
            ),
            (
                "Swap the scroll",
                "Have something to do instead: a book, a podcast with the "
                "screen off, stretching, or writing down what's on your mind.",
            ),
            ("Go easy on yourself", "If you slip up, that's normal. Start again tomorrow night."),
        ],
        "more_help": "If worries are keeping you awake most nights, or you scroll to avoid "
        "dark thoughts, talk to someone. Many helplines are open overnight.",
        "helplines": ["samaritans", "shout", "london-nightline"],
    },
    {
        "slug": "feeling-lonely",
        "title": "Feeling lonely, online and off",
        "summary": "Loneliness is common and it can change. Some first steps towards feeling "
        "more connected.",
        "topics": ["loneliness", "belonging", "creativity"],
        "steps": [
            (
                "Name it",
                "Saying “I feel lonely” is a strong first step. Lots of people feel the "
                "same, even when they look busy online.",
            ),
            (
                "Reach out small",
                "Send one message to someone you've lost touch with. A short "
                "“thinking of you” is enough.",
            ),
            (
                "Join something",
                "Look for a club, a volunteering group or an online community "
                "around something you enjoy making or doing.",
            ),
            (
                "Be kind to yourself",
                "Connection takes time. Notice small moments: a chat at the shop counts.",
            ),
        ],
        "more_help": "If loneliness feels overwhelming or you have no one to talk to, a helpline "
        "is there to listen, day or night.",
        "helplines": ["samaritans", "switchboard-lgbt", "the-mix"],
    },
    {
        "slug": "getting-through-a-panic-moment",
        "title": "Getting through a panic moment",
        "summary": "A simple grounding exercise for when anxiety hits hard.",
        "topics": ["anxiety"],
        "steps": [
            (
                "Slow your breathing",
                "Breathe in through your nose for four counts, hold for two, "
                "and out through your mouth for six. Repeat five times.",
            ),
            (
                "Use your senses",
                "Name five things you can see, four you can hear, three you can "
                "touch, two you can smell and one you can taste.",
            ),
            (
                "Remind yourself",
                "Panic feels awful but it passes, usually within minutes. You "
                "have got through this before.",
            ),
            (
                "Afterwards, be gentle",
                "Drink some water, sit somewhere comfortable and, if you "
                "can, tell someone how you feel.",
            ),
        ],
        "more_help": "If panic attacks happen often, or you have chest pain or trouble breathing "
        "that doesn't ease, see a doctor. Talk to a helpline if you're struggling.",
        "helplines": ["shout", "mind-infoline", "beyond-blue"],
    },
]

CAMPAIGNS = [
    {
        "slug": "scroll-less-live-more",
        "title": "Scroll Less, Live More",
        "summary": "A 7-day reset for your relationship with your phone, for schools, youth "
        "groups and anyone who wants in.",
        "starts_in_days": -14,
        "lasts_days": 45,
        "call_to_action": "Start the 7-day reset",
        "call_to_action_guide": "setting-screen-time-boundaries",
        "topics": ["screen-time", "social-comparison"],
        "partners": ["The Mix", "UK Safer Internet Centre"],
        "related": ["setting-screen-time-boundaries", "taking-breaks", "curating-your-feed"],
        "body": "For one week, we're inviting young people to try one small change a day: a "
        "phone-free breakfast, a feed clean-out, an evening offline. No shaming, no cold "
        "turkey: just noticing what feels better.",
    },
    {
        "slug": "be-kind-online-week",
        "title": "Be Kind Online Week",
        "summary": "A week of standing up to cyberbullying: know what to do, and how to be "
        "there for a friend.",
        "starts_in_days": 30,
        "lasts_days": 7,
        "call_to_action": "What to do about online bullying",
        "call_to_action_guide": "when-someone-is-mean-online",
        "topics": ["cyberbullying", "online-harassment", "belonging"],
        "partners": ["NSPCC", "Association e-Enfance"],
        "related": ["when-someone-is-mean-online", "responding-to-online-harassment"],
        "body": "Most young people have seen someone picked on online. This week is about "
        "what bystanders can do: check in, don't pile on, report, and point friends to help.",
    },
]
