"""The sectors an organisation chooses from, and how free text from older files maps onto them.

The list is fixed in code (a profile for each lives in `content/sectors.yaml`, which the loader
checks against this list), so an answers file, the start page and the CLI all accept the same
choices. Older files hold the sector as free text: `match_sector` reads it and names a sector
only where the text clearly says one (a word such as "hospital", "council" or "bank"); anything
else is kept as "Other", with the text as its detail.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Sector(StrEnum):
    LOCAL_GOVERNMENT = "local_government"
    CENTRAL_GOVERNMENT = "central_government"
    HEALTHCARE = "healthcare"
    EDUCATION = "education"
    CHARITY = "charity"
    HOSPITALITY_TRAVEL = "hospitality_travel"
    RETAIL_ECOMMERCE = "retail_ecommerce"
    CONSUMER_BRANDS = "consumer_brands"
    B2B = "b2b"
    FINANCIAL_SERVICES = "financial_services"
    PROFESSIONAL_SERVICES = "professional_services"
    MEMBERSHIP_SPORTS = "membership_sports"
    OTHER = "other"


SECTOR_LABELS: dict[Sector, str] = {
    Sector.LOCAL_GOVERNMENT: "Local government",
    Sector.CENTRAL_GOVERNMENT: "Central government and public bodies",
    Sector.HEALTHCARE: "Healthcare",
    Sector.EDUCATION: "Education",
    Sector.CHARITY: "Charity and non-profit",
    Sector.HOSPITALITY_TRAVEL: "Hospitality and travel",
    Sector.RETAIL_ECOMMERCE: "Retail and e-commerce",
    Sector.CONSUMER_BRANDS: "Consumer brands",
    Sector.B2B: "B2B products and services (software included)",
    Sector.FINANCIAL_SERVICES: "Financial services",
    Sector.PROFESSIONAL_SERVICES: "Professional services",
    Sector.MEMBERSHIP_SPORTS: "Membership and sports organisations",
    Sector.OTHER: "Other",
}
"""What the start page and the report show for each choice, in the order offered."""

# Tried in this order, first match wins: the more specific words first, so "Retail banking"
# is a bank, "NHS trust" a health body and "consumer brand" not a shop.
_KEYWORDS: list[tuple[Sector, str]] = [
    (
        Sector.FINANCIAL_SERVICES,
        r"bank(s|ing)?|insurers?|insurance|fintech|credit unions?|building society|"
        r"financial|finance|mortgages?|pensions?|investments?|wealth management",
    ),
    (
        Sector.HEALTHCARE,
        r"hospitals?|health ?care|health|nhs|clinics?|medical|gp|pharmacy|dental|dentists?|"
        r"hospice|patients?",
    ),
    (
        Sector.EDUCATION,
        r"schools?|colleges?|universit(y|ies)|education(al)?|nursery|academy trust|students?",
    ),
    (
        Sector.LOCAL_GOVERNMENT,
        r"(city|county|district|borough|town|parish|local) councils?|councils?|"
        r"local (government|authority)|municipal(ity)?|borough",
    ),
    (
        Sector.CENTRAL_GOVERNMENT,
        r"(central )?government|ministry|civil service|public body|public sector|"
        r"government department|department for",
    ),
    (
        Sector.CHARITY,
        r"charit(y|ies|able)|non-?profit|not-for-profit|ngo|voluntary sector|social enterprise",
    ),
    (
        Sector.MEMBERSHIP_SPORTS,
        r"sports?|clubs?|membership|members' association|federation|governing body|league",
    ),
    (
        Sector.HOSPITALITY_TRAVEL,
        r"hotels?|hospitality|restaurants?|travel|tourism|holidays?|airlines?|pubs?|"
        r"caf(e|é)s?|bars?|resorts?|guest ?house",
    ),
    (
        Sector.CONSUMER_BRANDS,
        r"consumer (brands?|goods|products)|fmcg|cpg|beauty|cosmetics|food and drink brand",
    ),
    (Sector.B2B, r"b2b|software|saas|business to business|manufactur(er|ing)|industrial"),
    (
        Sector.PROFESSIONAL_SERVICES,
        r"law firm|solicitors?|lawyers?|legal|accountan(ts|cy)|accounting|consultan(cy|ts?)|"
        r"architects?|professional services|agency",
    ),
    (
        Sector.RETAIL_ECOMMERCE,
        r"retail(er)?|e-?commerce|online (shop|store)|shops?|stores?|fashion|bakery",
    ),
]
_PATTERNS = [(s, re.compile(rf"\b({words})\b", re.IGNORECASE)) for s, words in _KEYWORDS]


def match_sector(text: str) -> Sector:
    """The sector a free-text description clearly names, else Sector.OTHER.

    A label or id of the list itself ("Healthcare", "retail_ecommerce") is that sector.
    """
    cleaned = text.strip()
    for sector, label in SECTOR_LABELS.items():
        if cleaned.casefold() in (label.casefold(), sector.value):
            return sector
    for sector, pattern in _PATTERNS:
        if pattern.search(cleaned):
            return sector
    return Sector.OTHER


def sector_label(sector: Sector) -> str:
    return SECTOR_LABELS[sector]
