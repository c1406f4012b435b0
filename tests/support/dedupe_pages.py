"""Texts and page builder for the dedupe tests: one story, its lightly edited
republication on another outlet, and unrelated articles. Written for the
tests; not real reporting."""

from __future__ import annotations

from pathlib import Path

STORY_TITLE = "عودة التيار الكهربائي إلى أحياء حلب الشرقية بعد انقطاع دام عشرة أيام"
STORY = [
    "أعلنت مديرية كهرباء حلب عودة التيار الكهربائي إلى عدد من أحياء المدينة الشرقية، بعد انقطاع استمر عشرة أيام بسبب أعطال في محطة التحويل الرئيسية.",
    "وقال مدير المؤسسة في تصريح صحفي إن ورشات الصيانة عملت على مدار الساعة لاستبدال الكابلات المتضررة وإصلاح المحولات، وإن ساعات التقنين ستعود إلى جدولها المعتاد خلال أيام.",
    "وأكد سكان في أحياء الشعار والصاخور ومساكن هنانو أن الكهرباء عادت مساء الأحد لساعات محدودة، فيما لا تزال بعض الشوارع الفرعية تعتمد على المولدات الخاصة.",
    "ويشكو الأهالي من ارتفاع أسعار الأمبيرات التي تبيعها المولدات الخاصة، إذ وصل سعر الأمبير الواحد أسبوعيا إلى ألفي ليرة سورية في بعض الأحياء.",
]
# The same story as another outlet carries it: other title punctuation, two
# words changed, one sentence added at the end.
REPUBLISHED_TITLE = "عودة التيار الكهربائي إلى أحياء حلب الشرقية.. بعد انقطاع دام عشرة أيام!"
REPUBLISHED = [
    STORY[0],
    STORY[1].replace("صحفي", "إعلامي"),
    STORY[2].replace("مساء الأحد", "مساء يوم الأحد"),
    STORY[3],
    "ويأمل الأهالي أن تتحسن ساعات التغذية مع بداية فصل الشتاء وازدياد الطلب على التدفئة.",
]
EDITED = [*STORY[:3], "ويشكو الأهالي من ارتفاع أسعار الأمبيرات التي تبيعها المولدات الخاصة."]
OTHER_TITLE = "افتتاح سوق شعبي جديد للخضار في مدينة حمص"
OTHER = [
    "افتتحت محافظة حمص سوقا شعبيا جديدا لبيع الخضار والفواكه في حي الوعر، بهدف تخفيف الازدحام عن سوق الهال القديم في وسط المدينة.",
    "ويضم السوق أكثر من مئة محل صغير خصصت للمزارعين القادمين من ريف المحافظة، بإيجارات رمزية تدفع شهريا للبلدية.",
    "وقال عدد من الباعة إن الحركة في الأيام الأولى كانت ضعيفة، لكنهم يتوقعون أن تتحسن مع إعلان مواعيد النقل الداخلي إلى السوق.",
]
OTHER_2_TITLE = "انطلاق امتحانات الشهادة الثانوية في اللاذقية وسط إجراءات مشددة"
OTHER_2 = [
    "انطلقت صباح اليوم امتحانات الشهادة الثانوية في محافظة اللاذقية بمشاركة آلاف الطلاب موزعين على مئات المراكز الامتحانية في المدينة والريف.",
    "وقالت مديرية التربية إن اللجان اتخذت إجراءات مشددة لمنع الغش، منها تفتيش الطلاب عند الدخول ومنع إدخال الهواتف المحمولة إلى القاعات.",
    "وأشار عدد من الأهالي إلى صعوبة وصول طلاب القرى البعيدة إلى المراكز بسبب قلة وسائل النقل وارتفاع أجورها.",
]


def page(title: str, paragraphs: list[str], published: str, outlet: str, canonical: str = "", amp: bool = False) -> str:
    """An article page shaped like the outlets' (header, nav, body, related, footer)."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"{" amp" if amp else ""}>
<head><meta charset="utf-8"><title>{title} - {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta property="og:type" content="article">
<meta property="og:title" content="{title}">{link}
<meta property="article:published_time" content="{published}"></head>
<body><header><a class="logo" href="/index.html">{outlet}</a>
<nav class="main-menu"><ul><li><a href="/index.html">الرئيسية</a></li></ul></nav></header>
<main id="content"><article class="post">
<h1 class="entry-title">{title}</h1>
<div class="entry-meta"><time datetime="{published}">{published[:10]}</time></div>
<div class="entry-content">
{body}
</div>
<div class="share-buttons"><span>شارك</span><a href="#">فيسبوك</a></div>
</article></main>
<footer><p class="copyright">جميع الحقوق محفوظة © {outlet}</p></footer>
</body></html>
"""


def index(outlet: str, links: list[str]) -> str:
    items = "".join(f'<li><a href="{href}">خبر</a></li>' for href in links)
    return f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{outlet}</title></head><body><ul>{items}</ul></body></html>'


def write_site(root: Path, pages: dict[str, str], links: list[str], outlet: str) -> Path:
    """Write ``pages`` (path -> html) and an index.html linking ``links``."""
    root.mkdir(parents=True, exist_ok=True)
    for path, text in pages.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (root / "index.html").write_text(index(outlet, links), encoding="utf-8")
    return root
