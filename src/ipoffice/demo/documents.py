"""Demo texts: claims for the demo's own patent applications and a prior-art corpus built
from the same technical features, so the examiner workbench has something to find."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.applications.models import Application
from ipoffice.demo import names
from ipoffice.patents.document import PatentDocument
from ipoffice.patents.store import store_batch

PRIOR_ART_DOCUMENTS = 400
# IPC subclasses that fit each subject (real codes).
SUBJECT_IPC: dict[str, list[str]] = {
    "锂离子电池正极材料": ["H01M4/525", "H01M10/0525"],
    "光伏组件清洗机器人": ["H02S40/10", "B08B1/00"],
    "无人机避障系统": ["G05D1/10", "B64C39/02"],
    "智能手环心率监测": ["A61B5/024", "G04G21/02"],
    "新能源汽车充电桩": ["B60L53/30", "H02J7/00"],
    "工业机器人关节减速器": ["F16H49/00", "B25J9/10"],
}


def _subject(title: str, rng: random.Random) -> str:
    for subject in names.ELEMENTS:
        if subject in title:
            return subject
    return rng.choice(list(names.ELEMENTS))


def claims_for(subject: str, title: str, rng: random.Random) -> list[str]:
    features = rng.sample(names.ELEMENTS[subject], 4)
    body = "；".join(zh for zh, _en in features)
    claims = [f"一种{subject}，其特征在于，包括：{body}。"]
    for zh, _en in features[:2]:
        claims.append(f"根据权利要求1所述的{subject}，其特征在于，所述{zh}采用模块化设计。")
    return claims


def prior_art(rng: random.Random, count: int) -> list[PatentDocument]:
    documents = []
    for serial in range(count):
        subject = rng.choice(list(names.ELEMENTS))
        subject_en = dict(names.OBJECTS)[subject]
        features = rng.sample(names.ELEMENTS[subject], rng.randint(2, 5))
        published = date(2012, 1, 1) + timedelta(days=rng.randint(0, 3650))
        english = rng.random() < 0.3
        if english:
            listing = ", ".join(en for _zh, en in features)
            doc = PatentDocument(
                id=f"US{9000000 + serial}B2",
                title=subject_en.capitalize(),
                lang="en",
                abstract=f"A {subject_en} comprising {listing}. The arrangement improves "
                "reliability and reduces cost.",
                jurisdiction="US",
            )
        else:
            listing = "、".join(zh for zh, _en in features)
            doc = PatentDocument(
                id=f"CN{105000000 + serial}A",
                title=f"一种{subject}",
                lang="zh",
                abstract=f"本发明公开了一种{subject}，包括{listing}。本发明结构简单，可靠性高。",
                jurisdiction="CN",
            )
        doc.publication_date = published
        doc.filing_date = published - timedelta(days=540)
        doc.ipc = SUBJECT_IPC[subject][:1]
        documents.append(doc)
    return documents


def seed_documents(session: Session, rng: random.Random) -> list[PatentDocument]:
    """Texts for the demo's inventions and utility models, and the prior-art corpus."""
    documents = prior_art(rng, PRIOR_ART_DOCUMENTS)
    applications = session.scalars(
        select(Application)
        .where(Application.kind.in_(["invention", "utility_model"]))
        .order_by(Application.id)
    ).all()
    for application in applications:
        subject = _subject(application.title, rng)
        documents.append(
            PatentDocument(
                id=application.number,
                title=application.title,
                kind=application.kind,  # type: ignore[arg-type]
                lang="zh" if application.lang == "zh" else "en",
                abstract=f"本申请涉及{subject}。",
                claims=claims_for(subject, application.title, rng),
                filing_date=application.filing_date,
                priority_date=application.priority_date,
                publication_date=application.publication_date,
                ipc=SUBJECT_IPC[subject][:1],
                jurisdiction="CN",
            )
        )
    store_batch(session, documents, source="demo")
    return documents
