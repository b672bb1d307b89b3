"""Reference data of the synthetic org: regions, countries, names, products, pipelines, rates."""

from __future__ import annotations

# --------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------
REGIONS = ("NA", "EMEA", "APAC", "LATAM")
REGION_W = (0.40, 0.30, 0.18, 0.12)
TEAMS = {"NA": ("T01", "North America Sales"), "EMEA": ("T02", "EMEA Sales"),
         "APAC": ("T03", "APAC Sales"), "LATAM": ("T04", "LATAM Sales")}
TEAM_CCY = {"NA": "USD", "EMEA": "EUR", "APAC": "USD", "LATAM": "USD"}
TZ_CENTER = {"NA": 16.5, "EMEA": 11.0, "APAC": 3.5, "LATAM": 15.5}  # UTC hour of the local business-day centre
COUNTRIES = {
    "NA": (("US", 0.84), ("CA", 0.16)),
    "EMEA": (("GB", 0.23), ("DE", 0.19), ("FR", 0.12), ("PL", 0.10), ("NL", 0.08), ("ES", 0.06),
             ("SE", 0.05), ("IE", 0.05), ("AE", 0.05), ("ZA", 0.04), ("NA", 0.03)),  # NA = Namibia
    "APAC": (("AU", 0.33), ("SG", 0.20), ("JP", 0.15), ("IN", 0.22), ("NZ", 0.10)),
    "LATAM": (("BR", 0.40), ("MX", 0.30), ("AR", 0.10), ("CL", 0.10), ("CO", 0.10)),
}
COUNTRY_CCY = {"GB": "GBP", "PL": "PLN", "DE": "EUR", "FR": "EUR", "NL": "EUR", "ES": "EUR", "IE": "EUR",
               "SE": "EUR"}
TLD = {"US": ".com", "CA": ".ca", "GB": ".co.uk", "DE": ".de", "FR": ".fr", "PL": ".pl", "NL": ".nl",
       "ES": ".es", "SE": ".se", "IE": ".ie", "AE": ".ae", "ZA": ".co.za", "NA": ".com.na", "AU": ".com.au",
       "SG": ".sg", "JP": ".co.jp", "IN": ".in", "NZ": ".co.nz", "BR": ".com.br", "MX": ".com.mx",
       "AR": ".com.ar", "CL": ".cl", "CO": ".com.co"}
PHONE_CC = {"US": "1", "CA": "1", "GB": "44", "DE": "49", "FR": "33", "PL": "48", "NL": "31", "ES": "34",
            "SE": "46", "IE": "353", "AE": "971", "ZA": "27", "NA": "264", "AU": "61", "SG": "65", "JP": "81",
            "IN": "91", "NZ": "64", "BR": "55", "MX": "52", "AR": "54", "CL": "56", "CO": "57"}
LEGAL = {"US": ("Inc.", "LLC", "Corp.", ""), "CA": ("Inc.", "Ltd."), "GB": ("Ltd", "plc", "LLP"),
         "DE": ("GmbH", "AG"), "FR": ("SAS", "SA"), "PL": ("Sp. z o.o.", "S.A."), "NL": ("B.V.",),
         "ES": ("S.L.", "S.A."), "SE": ("AB",), "IE": ("Ltd",), "AE": ("FZ-LLC", "LLC"),
         "ZA": ("(Pty) Ltd",), "NA": ("(Pty) Ltd", "CC"), "AU": ("Pty Ltd",), "SG": ("Pte. Ltd.",),
         "JP": ("K.K.", "Co., Ltd."), "IN": ("Pvt. Ltd.",), "NZ": ("Limited",), "BR": ("Ltda.", "S.A."),
         "MX": ("S.A. de C.V.",), "AR": ("S.R.L.",), "CL": ("SpA",), "CO": ("S.A.S.",)}
LOCAL_PREFIX = {"DE": ("Müller", "Schäfer", "Rhein", "Alpen"), "PL": ("Wisła", "Kraków", "Łódź", "Bałtyk"),
                "FR": ("Étoile", "Lumière", "Côte"), "BR": ("São Paulo", "Açaí", "Ipanema"),
                "ES": ("Ibérica", "Peñalara"), "SE": ("Nordström", "Fjäll"), "JP": ("Sakura", "Fuji"),
                "MX": ("Azteca",), "IN": ("Ganga", "Shakti")}
PREFIX = ("Acme", "Bright", "Blue", "Summit", "Nova", "Apex", "Cedar", "Pioneer", "Vertex", "Atlas", "Harbor",
          "Lumen", "Quantum", "Silver", "Orbit", "Maple", "Granite", "Evergreen", "Crescent", "Falcon", "Horizon",
          "Ironwood", "Juniper", "Keystone", "Meridian", "Northstar", "Oakridge", "Polar", "Redwood", "Sapphire",
          "Titan", "Unity", "Vantage", "Willow", "Zephyr", "Aurora", "Beacon", "Cobalt", "Delta", "Ember",
          "Fusion", "Helix", "Indigo", "Kinetic", "Lattice", "Mosaic", "Nimbus", "Onyx", "Prism", "Radiant",
          "Sterling", "Trident", "Vector", "Zenith", "Alder", "Bluebird", "Copper", "Driftwood", "Elm", "Foxglove")
CORE = (("Logistics", "Logistics"), ("Analytics", "Software"), ("Health", "Healthcare"), ("Foods", "Retail"),
        ("Robotics", "Manufacturing"), ("Software", "Software"), ("Capital", "Financial Services"),
        ("Energy", "Energy"), ("Retail", "Retail"), ("Media", "Media"), ("Labs", "Software"),
        ("Systems", "Software"), ("Manufacturing", "Manufacturing"), ("Consulting", "Professional Services"),
        ("Pharma", "Healthcare"), ("Networks", "Telecommunications"), ("Travel", "Hospitality"),
        ("Education", "Education"), ("Insurance", "Financial Services"), ("Motors", "Manufacturing"),
        ("Textiles", "Manufacturing"), ("Security", "Software"), ("Bio", "Healthcare"), ("Solar", "Energy"),
        ("Marine", "Logistics"), ("Studios", "Media"), ("Supply", "Logistics"), ("Partners", "Professional Services"),
        ("Hotels", "Hospitality"), ("Telecom", "Telecommunications"), ("Payments", "Financial Services"),
        ("Academy", "Education"))
NAMES = {
    "en": (("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
            "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Chris", "Karen",
            "Daniel", "Emily", "Matthew", "Ashley", "Ryan", "Megan", "Kevin", "Laura", "Brian", "Rachel", "Sean",
            "Olivia", "Liam", "Noah", "Emma", "Ava", "Ethan", "Grace", "Chloe", "Nathan"),
           ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
            "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker",
            "Hall", "Young", "King", "Wright", "O'Brien", "O'Neill", "McDonald", "Campbell", "Murphy", "Kelly",
            "Cooper", "Reed", "Bennett", "Hughes", "Foster", "Tremblay", "Roy", "Gagnon")),
    "emea": (("Lukas", "Anna", "Sophie", "Max", "Léa", "Hugo", "Chloé", "Jakub", "Zofia", "Katarzyna", "Piotr",
              "Małgorzata", "Jan", "Emma", "Oliver", "Amelia", "Lars", "Ingrid", "Sven", "Siobhan", "Mohammed",
              "Fatima", "Pieter", "Sanne", "Javier", "Lucía", "Thabo", "Naledi", "Björn", "Zoë", "Maximilian"),
             ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Lefèvre", "Moreau", "Nowak",
              "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "de Vries", "van Dijk", "Jansen", "Andersson",
              "Johansson", "García", "Fernández", "Martínez", "Byrne", "Al-Mansouri", "Nkosi", "Dlamini", "Taylor",
              "Evans", "Hughes", "Shikongo", "Nghidinwa")),
    "apac": (("Hiroshi", "Yuki", "Haruto", "Sakura", "Wei", "Li", "Jun", "Mei", "Arjun", "Priya", "Rahul",
              "Ananya", "Jack", "Charlotte", "Mia", "Lachlan", "Aroha", "Tane", "Siti", "Nur", "Kai", "Vikram"),
             ("Tanaka", "Suzuki", "Sato", "Watanabe", "Wang", "Chen", "Lim", "Tan", "Ng", "Sharma", "Patel",
              "Gupta", "Iyer", "Singh", "Nguyen", "Smith", "Wilson", "Brown", "Ngata", "Wong", "Kumar")),
    "latam": (("Juan", "María", "Carlos", "Ana", "Luis", "Sofía", "Pedro", "Valentina", "João", "Beatriz",
               "Lucas", "Camila", "Mateo", "Isabela", "Diego", "Gabriela", "Rafael", "Fernanda", "Martín"),
              ("González", "Rodríguez", "Pérez", "Silva", "Santos", "Oliveira", "Souza", "López", "Martínez",
               "Hernández", "Gómez", "Díaz", "Costa", "Ferreira", "Ramírez", "Torres", "Álvarez", "Castro")),
}
NAME_POOL = {"NA": "en", "EMEA": "emea", "APAC": "apac", "LATAM": "latam", None: "en"}
TITLES = ("CEO", "CTO", "CFO", "COO", "VP Sales", "VP Marketing", "Head of Operations", "Sales Director",
          "Marketing Manager", "IT Manager", "Procurement Manager", "Operations Manager",
          "Head of Revenue Operations", "Director, Business Development", "Founder & CEO", "Sales Manager",
          "Customer Success Lead", "Finance Director")

# products: id, name, family, plan, list price (USD per seat and year; services per package), unit cost
PRODUCTS = (
    ("PRD-001", "Pulse CRM Starter", "crm", "starter", 300.0, 45.0),
    ("PRD-002", "Pulse CRM Pro", "crm", "pro", 720.0, 95.0),
    ("PRD-003", "Pulse CRM Enterprise", "crm", "enterprise", 1500.0, 180.0),
    ("PRD-004", "Pulse Analytics Pro", "analytics", "pro", 480.0, 85.0),
    ("PRD-005", "Pulse Analytics Enterprise", "analytics", "enterprise", 1100.0, 170.0),
    ("PRD-006", "Pulse Automate Starter", "automation", "starter", 180.0, 30.0),
    ("PRD-007", "Pulse Automate Pro", "automation", "pro", 540.0, 90.0),
    ("PRD-008", "Onboarding & Training Package", "services", "enterprise", 6000.0, 3600.0),
    ("PRD-009", "Premium Support", "support", "enterprise", 2400.0, 950.0),
)
PROD = {p[0]: p for p in PRODUCTS}
CRM_BY_PLAN = {"starter": "PRD-001", "pro": "PRD-002", "enterprise": "PRD-003"}

PIPELINE_STAGES = (
    ("default", "prospecting", 1, 0.1, False, False),
    ("default", "qualification", 2, 0.2, False, False),
    ("default", "demo", 3, 0.4, False, False),
    ("default", "proposal", 4, 0.6, False, False),
    ("default", "negotiation", 5, 0.8, False, False),
    ("default", "closed_won", 6, 1.0, True, True),
    ("default", "closed_lost", 7, 0.0, True, False),
    ("renewals", "renewal_due", 1, 0.6, False, False),
    ("renewals", "renewal_negotiation", 2, 0.8, False, False),
    ("renewals", "renewed", 3, 1.0, True, True),
    ("renewals", "not_renewed", 4, 0.0, True, False),
)
OPEN_STAGES = ("prospecting", "qualification", "demo", "proposal", "negotiation")
STAGE_W = (0.12, 0.20, 0.22, 0.26, 0.20)

# lead sources: weight, p(mql), p(sql | mql), p(converted | sql), deal win factor
SOURCES = {
    "paid_ads": (22, 0.55, 0.45, 0.65, 0.95), "organic": (20, 0.60, 0.50, 0.70, 1.10),
    "referral": (7, 0.85, 0.70, 0.80, 1.45), "event": (10, 0.50, 0.40, 0.60, 1.00),
    "outbound": (15, 0.45, 0.55, 0.65, 0.80), "partner": (6, 0.80, 0.60, 0.75, 1.30),
    "social": (8, 0.40, 0.35, 0.55, 0.85), "email": (9, 0.50, 0.40, 0.60, 0.95),
    "other": (3, 0.40, 0.40, 0.55, 0.90),
}
SEASON = {1: 1.0, 2: 1.02, 3: 1.08, 4: 1.0, 5: 1.02, 6: 0.97, 7: 0.80, 8: 0.70, 9: 1.05, 10: 1.10,
          11: 1.05, 12: 0.74}
SEGMENTS = ("smb", "mid_market", "enterprise")
CYCLE_MEDIAN = {"smb": 22.0, "mid_market": 60.0, "enterprise": 140.0}
CYCLE_SIGMA = {"smb": 0.45, "mid_market": 0.40, "enterprise": 0.33}
AMOUNT_MEDIAN = {"smb": 9000.0, "mid_market": 38000.0, "enterprise": 140000.0}
AMOUNT_SIGMA = {"smb": 0.55, "mid_market": 0.50, "enterprise": 0.45}
WIN_BASE = {"smb": 0.30, "mid_market": 0.26, "enterprise": 0.21}
COMPETITORS = ("Pipedrift", "HubNest", "Closewise", "Salesforge", "Zenbook CRM")
COMPETITOR_W = (0.30, 0.28, 0.18, 0.14, 0.10)
LOST_REASONS = ("price", "no_decision", "competitor", "timing", "no_budget", "missing_features", "went_dark",
                "champion_left")
LOST_W = (0.20, 0.18, 0.0, 0.14, 0.14, 0.12, 0.14, 0.08)
CHURN_MONTHLY = {"smb": 0.028, "mid_market": 0.013, "enterprise": 0.006}
P_YEARLY = {"smb": 0.15, "mid_market": 0.35, "enterprise": 0.70}
P_UPSELL = {"smb": 0.035, "mid_market": 0.06, "enterprise": 0.08}
P_CROSS = {"smb": 0.02, "mid_market": 0.035, "enterprise": 0.045}
TIME_CATS = ("prospecting", "presenting", "data_entry", "lead_research", "meetings", "admin", "other")
TIME_SHARE = {"rep": (0.20, 0.25, 0.14, 0.06, 0.20, 0.10, 0.05),
              "sdr": (0.40, 0.04, 0.15, 0.22, 0.07, 0.08, 0.04)}
TS_OFFSETS = (2, 1, -5, -4, 5.5, -3, 9, 10, 0)

