"""Reference names for the counter and office sources: centres, departments and services.

The state runs ~542 services of 39 departments; this is a realistic subset with each
service's notified RTS timeline in days. Centres per district: one SARAL Kendra at the
mini-secretariat, Antyodaya SARAL Kendras at sub-divisions, Atal Seva Kendras in villages.
"""

from __future__ import annotations

import numpy as np

from warehouse.districts import district_names

# department -> [(service, RTS timeline days, relative demand)]
SERVICES: dict[str, list[tuple[str, int, float]]] = {
    "Revenue and Disaster Management": [
        ("Income Certificate", 7, 9),
        ("Residence Certificate", 7, 6),
        ("Copy of Jamabandi", 1, 5),
        ("Mutation of Land", 30, 3),
        ("Registration of Deed", 1, 3),
        ("Demarcation of Land", 30, 1),
    ],
    "Social Justice and Empowerment": [
        ("Old Age Samman Allowance", 30, 5),
        ("Widow Pension", 30, 3),
        ("Disability Pension", 30, 2),
        ("Ladli Social Security Allowance", 30, 1),
    ],
    "Welfare of SC and BC": [("Caste Certificate (SC)", 7, 5), ("Caste Certificate (BC)", 7, 5)],
    "Food, Civil Supplies and Consumer Affairs": [
        ("New Ration Card", 15, 5),
        ("Addition of Name in Ration Card", 7, 3),
        ("Duplicate Ration Card", 7, 1),
    ],
    "Transport": [
        ("Learner Driving Licence", 1, 4),
        ("Renewal of Driving Licence", 3, 3),
        ("Registration Certificate of Vehicle", 3, 2),
        ("Transfer of Vehicle Ownership", 7, 1),
    ],
    "Health": [
        ("Birth Certificate", 7, 4),
        ("Death Certificate", 7, 2),
        ("Disability Certificate", 30, 1),
    ],
    "Urban Local Bodies": [
        ("Property Tax No Dues Certificate", 3, 2),
        ("Water and Sewer Connection", 15, 1),
        ("Trade Licence", 15, 1),
    ],
    "Power (DHBVN/UHBVN)": [
        ("New Electricity Connection", 30, 2),
        ("Change of Name in Bill", 15, 1),
    ],
    "Home (Police)": [
        ("Character Verification", 15, 2),
        ("Tenant Verification", 7, 1),
        ("Arms Licence Renewal", 30, 1),
    ],
    "Agriculture and Farmers Welfare": [
        ("Meri Fasal Mera Byora Registration", 7, 2),
        ("Soil Health Card", 30, 1),
    ],
    "Women and Child Development": [
        ("Marriage Registration", 15, 2),
        ("Aapki Beti Hamari Beti", 30, 1),
    ],
    "Labour": [
        ("Registration of Shops and Establishments", 7, 1),
        ("Construction Worker Registration", 30, 1),
    ],
    "Employment": [("Unemployment Allowance (Saksham Yuva)", 30, 1)],
    "Development and Panchayats": [("Family ID (Parivar Pehchan Patra) Update", 7, 3)],
}

SERVICE_ROWS = [(dept, svc, days, w) for dept, rows in SERVICES.items() for svc, days, w in rows]
SERVICE_NAMES = np.array([r[1] for r in SERVICE_ROWS], dtype=object)
SERVICE_DEPTS = np.array([r[0] for r in SERVICE_ROWS], dtype=object)
SERVICE_DAYS = np.array([r[2] for r in SERVICE_ROWS])
SERVICE_WEIGHTS = np.array([r[3] for r in SERVICE_ROWS], dtype=float) / sum(
    r[3] for r in SERVICE_ROWS
)
DEPARTMENTS = list(SERVICES)

_SUBDIVISIONS = ("Tehsil", "Sub-Division", "Block")
_VILLAGES = (
    "Badli",
    "Beri",
    "Dighal",
    "Kablana",
    "Sondhi",
    "Dubaldhan",
    "Machhrauli",
    "Salhawas",
    "Asaudha",
)


def centres() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All centres: (district index, name, centre type, demand weight), every district alike."""
    d_idx, names, kinds, weights = [], [], [], []
    for i, district in enumerate(district_names()):
        d_idx.append(i), names.append(f"SARAL Kendra, Mini Secretariat {district}")
        kinds.append("saral_kendra"), weights.append(5.0)
        for sub in _SUBDIVISIONS[: 2 + i % 2]:
            d_idx.append(i), names.append(f"Antyodaya SARAL Kendra, {sub} {district}")
            kinds.append("antyodaya_saral_kendra"), weights.append(2.5)
        for village in _VILLAGES[: 4 + i % 5]:
            d_idx.append(i), names.append(f"Atal Seva Kendra, {village} ({district})")
            kinds.append("atal_seva_kendra"), weights.append(0.7)
    return (
        np.array(d_idx),
        np.array(names, dtype=object),
        np.array(kinds, dtype=object),
        np.array(weights),
    )


OFFICES = (
    "DC Office",
    "SDM Office",
    "Tehsil Office",
    "Zila Parishad",
    "Civil Surgeon Office",
    "DFSC Office",
    "DIPRO Office",  # the district information and public relations office
)
EOFFICE_DEPARTMENTS = (
    "Revenue and Disaster Management",
    "Health",
    "Food, Civil Supplies and Consumer Affairs",
    "Development and Panchayats",
    "General Administration",
    "Social Justice and Empowerment",
)
GRIEVANCE_SUBJECTS = (
    "Ration not received for {m}",
    "Pension not credited since {m}",
    "Street light not working in ward",
    "Water supply irregular in colony",
    "Relief amount not received",
    "Family ID correction pending",
    "Encroachment on village pond",
    "Delay in mutation of land",
    "Electricity bill excessive",
    "Request for movement pass refused",
    "Sewer overflow near school",
    "Complaint by {name} about ration depot",
)
