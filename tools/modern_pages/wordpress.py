"""Classic Arabic WordPress outlets: entry-content, Jetpack boxes, captions, comment forms.

Two invented outlets with different themes: "زيتون نت" (a Jannah-like theme
with Yoast JSON-LD, Jetpack sharing, likes and related posts) and "صدى
الشمال" (an older theme: visible dates only, "كتب:" bylines, Ad Inserter
slots, comment lists).
"""

from __future__ import annotations

from typing import Any

from tools.modern_pages.common import jsonld, truth

ZAITOON = "https://zaitoon.example"
SADA = "https://sada-shamal.example"


def _yoast(url: str, title: str, published: str, authors: list[str], modified: str | None = None) -> str:
    graph: list[dict[str, Any]] = [
        {"@type": "Organization", "@id": f"{ZAITOON}/#organization", "name": "زيتون نت"},
        {"@type": "WebSite", "@id": f"{ZAITOON}/#website", "name": "زيتون نت"},
        {"@type": "WebPage", "@id": url, "url": url, "name": f"{title} - زيتون نت", "datePublished": published},
        {
            "@type": "Article",
            "@id": f"{url}#article",
            "headline": title,
            "datePublished": published,
            "dateModified": modified or published,
            "author": [{"@type": "Person", "name": a} for a in authors],
            "publisher": {"@id": f"{ZAITOON}/#organization"},
            "inLanguage": "ar",
        },
    ]
    return jsonld({"@context": "https://schema.org", "@graph": graph})


def _zaitoon(title: str, head: str, article: str, comments: str) -> str:
    return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar"><head><meta charset="UTF-8"><title>{title} - زيتون نت</title>
<meta property="og:locale" content="ar_AR"><meta property="og:type" content="article"><meta property="og:title" content="{title} - زيتون نت">
<meta property="og:site_name" content="زيتون نت">{head}
<link rel="https://api.w.org/" href="{ZAITOON}/wp-json/"><link rel="alternate" type="application/rss+xml" title="زيتون نت &raquo; الخلاصة" href="{ZAITOON}/feed/">
<link rel="stylesheet" id="tie-css-base-css" href="{ZAITOON}/wp-content/themes/jannah/assets/css/base.min.css" type="text/css" media="all">
</head><body id="tie-body" class="post-template-default single single-post postid-48211 single-format-standard wrapper-has-shadow">
<div class="background-overlay"><div id="tie-container" class="site tie-container"><div id="tie-wrapper">
<nav id="top-nav" class="has-date-breaking top-nav header-nav"><div class="topbar-today-date">الأحد، 15 شباط 2026</div>
<div class="breaking"><span class="breaking-title">عاجل</span><ul id="breaking-news-in-header"><li><a href="{ZAITOON}/archives/48300">انقطاع الكهرباء عن ريف إدلب الجنوبي</a></li></ul></div></nav>
<header id="theme-header" class="theme-header header-layout-3"><div class="logo-row"><a href="{ZAITOON}/"><img src="/logo.png" alt="زيتون نت"></a></div>
<nav id="main-nav"><ul id="menu-main" class="menu"><li class="menu-item"><a href="{ZAITOON}/category/news">أخبار</a></li><li class="menu-item"><a href="{ZAITOON}/category/reports">تقارير</a></li><li class="menu-item"><a href="{ZAITOON}/category/opinion">رأي</a></li></ul></nav></header>
<div id="content" class="site-content container"><div class="tie-row main-content-row"><div class="main-content tie-col-md-8" role="main">
{article}
{comments}
</div>
<aside class="sidebar tie-col-md-4" aria-label="القائمة الجانبية الرئيسية"><div id="posts-list-widget-2" class="container-wrapper widget posts-list">
<div class="widget-title the-global-title"><div class="the-subtitle">الأكثر قراءة</div></div>
<ul><li class="widget-single-post-item"><a href="{ZAITOON}/archives/47001">مجلس محافظة حلب يقر موازنة العام الجديد</a></li>
<li class="widget-single-post-item"><a href="{ZAITOON}/archives/47002">افتتاح مستشفى ميداني في جرابلس</a></li></ul></div></aside>
</div></div>
<footer id="footer" class="site-footer"><div id="site-info"><div class="copyright-text">© حقوق النشر محفوظة لموقع زيتون نت 2026</div></div></footer>
</div></div></div>
<script type="text/javascript" src="{ZAITOON}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script id="jetpack-stats">_stq = window._stq || []; _stq.push([ "view", {{v:'ext',blog:'1877',post:'48211'}} ]);</script>
</body></html>"""


SHAREDADDY = """<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing">
<h3 class="sd-title">شارك هذا:</h3><div class="sd-content"><ul><li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button share-icon" href="?share=facebook" target="_blank"><span>فيسبوك</span></a></li>
<li class="share-x"><a rel="nofollow noopener noreferrer" class="share-x sd-button share-icon" href="?share=x" target="_blank"><span>X</span></a></li>
<li class="share-jetpack-whatsapp"><a class="share-jetpack-whatsapp sd-button share-icon" href="?share=jetpack-whatsapp" target="_blank"><span>WhatsApp</span></a></li>
<li class="share-end"></li></ul></div></div></div>
<div class="sharedaddy sd-block sd-like jetpack-likes-widget-wrapper jetpack-likes-widget-unloaded" id="like-post-wrapper-1877-48211" data-src="//widgets.wp.com/likes/index.html"><h3 class="sd-title">معجب بهذه:</h3>
<div class="likes-widget-placeholder post-likes-widget-placeholder"><span class="button"><span>إعجاب</span></span> <span class="loading">تحميل...</span></div></div>"""


def _jp_related(items: list[tuple[str, str, str]]) -> str:
    posts = "".join(
        f'<div class="jp-relatedposts-post jp-relatedposts-post{i}" data-post-id="{pid}"><h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{ZAITOON}/archives/{pid}">{title}</a></h4>'
        f'<p class="jp-relatedposts-post-date">{date}</p></div>'
        for i, (pid, title, date) in enumerate(items)
    )
    return f"""<div id='jp-relatedposts' class='jp-relatedposts' ><h3 class="jp-relatedposts-headline"><em>ذات صلة</em></h3>
<div class="jp-relatedposts-items jp-relatedposts-items-visual jp-relatedposts-grid">{posts}</div></div>"""


COMMENT_FORM = """<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">اترك تعليقاً <small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">إلغاء الرد</a></small></h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">لن يتم نشر عنوان بريدك الإلكتروني.</span> الحقول الإلزامية مشار إليها بـ <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">التعليق <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" required></textarea></p>
<p class="comment-form-author"><label for="author">الاسم <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" required></p>
<p class="comment-form-email"><label for="email">البريد الإلكتروني <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" required></p>
<p class="comment-form-url"><label for="url">الموقع الإلكتروني</label> <input id="url" name="url" type="url" value="" size="30"></p>
<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes"> <label for="wp-comment-cookies-consent">احفظ اسمي، بريدي الإلكتروني، والموقع الإلكتروني في هذا المتصفح لاستخدامها المرة المقبلة في تعليقي.</label></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="إرسال التعليق"></p></form></div>"""


def _comments(entries: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f'<li class="comment even thread-even depth-1" id="li-comment-{i}"><article id="comment-{i}" class="comment-body">'
        f'<footer class="comment-meta"><div class="comment-author vcard"><img alt="" src="/avatar.png" class="avatar"><b class="fn">{who}</b> <span class="says">قال:</span></div>'
        f'<div class="comment-metadata"><a href="#comment-{i}"><time datetime="{when}">{when[:10]}</time></a></div></footer>'
        f'<div class="comment-content"><p>{text}</p></div></article></li>'
        for i, (who, when, text) in enumerate(entries, start=901)
    )
    count = len(entries)
    return f"""<div id="comments" class="comments-area"><div id="comments-box" class="container-wrapper">
<div class="block-head"><h3 id="comments-title" class="the-global-title">{count} تعليقات</h3></div><ol class="comment-list">{items}</ol></div>
{COMMENT_FORM}</div>"""


def _author_box(name: str, bio: str) -> str:
    return f"""<div class="about-author container-wrapper about-author-1"><div class="author-avatar"><a href="{ZAITOON}/author/x"><img alt="" src="/avatar-author.jpg" class="avatar"></a></div>
<div class="author-info"><h3 class="author-name"><a href="{ZAITOON}/author/x">{name}</a></h3><div class="author-bio">{bio}</div>
<ul class="social-icons"><li><a href="https://x.com/x" class="social-link"><span class="screen-reader-text">X</span></a></li></ul></div></div>"""


# --- W1: Jetpack sharing, likes and related posts, an inline "اقرأ أيضاً" line, wp-caption credit,
# comments with commenters, comment form labels, author box

W1 = [
    "أنهت مديرية التربية في إدلب استعداداتها لإطلاق امتحانات الشهادتين الإعدادية والثانوية، بمشاركة أكثر من اثنين وأربعين ألف طالب وطالبة موزعين على مئة وعشرين مركزاً امتحانياً.",
    "وقال مدير التربية، في مؤتمر صحفي عقده أمس السبت، إن المديرية طبعت الأسئلة في مطبعة محلية للمرة الأولى، بعد أن كانت تُطبع خارج المحافظة، وإن لجاناً مختصة ستراقب نقلها إلى المراكز تحت حراسة مشددة.",
    "وأضاف أن المديرية خصصت مراكز قريبة من المخيمات لتخفيف عناء التنقل على الطلاب النازحين، ووفرت حافلات مجانية في المناطق البعيدة، مشيراً إلى أن نسبة الطالبات تجاوزت نصف المتقدمين هذا العام.",
    "وتشكو عائلات من أن أبناءها خسروا أسابيع من الدراسة بسبب إضراب المعلمين احتجاجاً على تأخر الرواتب في الخريف الماضي، مطالبة بمراعاة ذلك في سلم التصحيح.",
    "من جهتها، أكدت نقابة المعلمين أن المنهاج المقرر أُنجز في معظم المدارس بعد تمديد العام الدراسي أسبوعين، وأن دورات تقوية مجانية نُظمت في المساجد والمراكز المجتمعية خلال العطلة.",
    "وتبدأ الامتحانات في الأول من حزيران المقبل وتستمر أسبوعين، على أن تصدر النتائج في منتصف تموز، بحسب الجدول الذي نشرته المديرية على موقعها الرسمي.",
]
W1_TITLE = "أكثر من 42 ألف طالب يتقدمون لامتحانات الشهادات في إدلب"
W1_URL = f"{ZAITOON}/archives/48211"
W1_ARTICLE = f"""<article id="the-post" class="container-wrapper post-content tie-standard">
<header class="entry-header-outer"><nav id="breadcrumb"><a href="{ZAITOON}/"><span class="tie-icon-home"></span> الرئيسية</a><em class="delimiter">/</em><a href="{ZAITOON}/category/news">أخبار</a></nav>
<div class="entry-header"><span class="post-cat-wrap"><a class="post-cat tie-cat-12" href="{ZAITOON}/category/news">أخبار</a></span>
<h1 class="post-title entry-title">{W1_TITLE}</h1>
<div id="single-post-meta" class="post-meta clearfix"><span class="author-meta single-author with-avatars"><span class="meta-item meta-author-wrapper meta-author-3">
<span class="meta-author"><a href="{ZAITOON}/author/mohammad-b" class="author-name tie-icon" title="محمد بلال">محمد بلال</a></span></span></span>
<span class="date meta-item tie-icon">15 شباط 2026</span><div class="tie-alignleft"><span class="meta-views meta-item "><span class="tie-icon-fire"></span> 1٬204 </span></div></div></div></header>
<div class="featured-area"><div class="featured-area-inner"><figure class="single-featured-image"><img src="/wp-content/uploads/2026/02/exams.jpg" alt=""><figcaption class="single-caption-text">طلاب في أحد مراكز الامتحانات بإدلب – أرشيف</figcaption></figure></div></div>
<div class="entry-content entry clearfix">
<p>{W1[0]}</p>
<p>{W1[1]}</p>
<p><strong>اقرأ أيضاً: </strong><a href="{ZAITOON}/archives/47755">إضراب المعلمين في إدلب يدخل أسبوعه الثالث</a></p>
<p>{W1[2]}</p>
<div id="attachment_48215" style="width: 1034px" class="wp-caption aligncenter"><img aria-describedby="caption-attachment-48215" class="size-large wp-image-48215" src="/wp-content/uploads/2026/02/bus.jpg" alt="" width="1024" height="683"><p id="caption-attachment-48215" class="wp-caption-text">حافلة تقل طلاباً من مخيمات أطمة – الصورة: زيتون نت/ أنس الخطيب</p></div>
<p>{W1[3]}</p>
<p>{W1[4]}</p>
<p>{W1[5]}</p>
{SHAREDADDY}
{_jp_related([("47755", "إضراب المعلمين في إدلب يدخل أسبوعه الثالث", "2 كانون الثاني 2026"), ("46120", "نتائج الشهادة الثانوية: نسبة النجاح 68 بالمئة", "15 تموز 2025"), ("45980", "مدارس بلا تدفئة في ريف حلب الغربي", "10 كانون الأول 2025")])}
</div>
<div class="post-bottom-meta post-bottom-tags post-tags-modern"><div class="post-bottom-meta-title"><span class="tie-icon-tags"></span> الوسوم</div><span class="tagcloud"><a href="{ZAITOON}/tag/exams" rel="tag">امتحانات</a><a href="{ZAITOON}/tag/idlib" rel="tag">إدلب</a></span></div>
</article>
{_author_box("محمد بلال", "صحفي سوري من ريف إدلب، يكتب عن التعليم والشؤون المحلية منذ عام 2016، وعمل مراسلاً لعدة وسائل إعلام عربية.")}"""
W1_HTML = _zaitoon(
    W1_TITLE,
    _yoast(W1_URL, W1_TITLE, "2026-02-15T10:40:00+03:00", ["محمد بلال"], "2026-02-15T14:02:00+03:00")
    + '\n<meta property="article:published_time" content="2026-02-15T07:40:00+00:00"><meta property="article:modified_time" content="2026-02-15T11:02:00+00:00">',
    W1_ARTICLE,
    _comments(
        [
            ("أبو خالد", "2026-02-15T12:10:00+03:00", "الله يوفق الطلاب، ابني يقدم هذا العام من مخيم قاح."),
            ("سامر الإدلبي", "2026-02-15T13:45:00+03:00", "والله المعلمين معهم حق، الرواتب ما بتكفي أجرة طريق."),
        ]
    ),
)

# --- W2: older theme, no structured data, date "14/03/2026 - 09:25 ص", byline "كتب:" then "تحرير:" and
# "المصدر:" credits at the end, Ad Inserter slot labelled "إعلان", commenters

W2 = [
    "تشهد أسواق مدينة القامشلي ارتفاعاً حاداً في أسعار الخضار والفواكه منذ مطلع الشهر الجاري، بعد إغلاق معبر سيمالكا أمام حركة الشاحنات التجارية لأكثر من أسبوعين.",
    "ويقول باعة في سوق الهال إن سعر كيلو البندورة تضاعف ثلاث مرات، وإن كميات البطاطا المعروضة لا تكفي حاجة السوق ليوم واحد، بعدما توقفت الشحنات القادمة من إقليم كردستان العراق.",
    "وبررت الإدارة المسؤولة عن المعبر الإغلاق بأعمال صيانة في الجسر العائم، غير أن تجاراً تحدثوا عن خلافات على الرسوم الجمركية بين الطرفين، وتوقعوا أن يطول الإغلاق.",
    "وتحاول عائلات كثيرة التكيف مع الغلاء بالاعتماد على الخضار المجففة والبقوليات، فيما لجأ مزارعون في الريف إلى بيع إنتاجهم مباشرة في الأحياء لتفادي عمولات التجار.",
    "وقال موظف حكومي متقاعد إن راتبه الشهري لم يعد يكفي لشراء الخضار أسبوعاً واحداً، داعياً الجهات المعنية إلى فتح المعبر أو السماح باستيراد الخضار من طرق بديلة.",
    "ويعد معبر سيمالكا المنفذ البري الرئيسي لمناطق شمال شرق سوريا نحو الخارج، وتمر عبره يومياً عشرات الشاحنات المحملة بالمواد الغذائية ومستلزمات البناء والأدوية، ما يجعل أي إغلاق له يتردد سريعاً في الأسواق.",
]
W2_TITLE = "إغلاق معبر سيمالكا يرفع أسعار الخضار في القامشلي"
W2_HTML = f"""<!DOCTYPE html>
<html dir="rtl" lang="ar"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>صدى الشمال | {W2_TITLE}</title>
<link rel="stylesheet" href="{SADA}/wp-content/themes/sada/style.css?ver=2.1" type="text/css" media="screen">
<link rel="shortlink" href="{SADA}/?p=20914"></head>
<body class="post-template-default single single-post postid-20914">
<div id="wrap"><div id="header"><div class="logo"><a href="{SADA}/"><img src="{SADA}/wp-content/uploads/logo.png" alt="صدى الشمال"></a></div>
<div class="date-today">السبت 14 آذار 2026</div>
<ul id="nav"><li><a href="{SADA}/">الرئيسية</a></li><li><a href="{SADA}/?cat=3">محليات</a></li><li><a href="{SADA}/?cat=5">اقتصاد</a></li></ul></div>
<div id="main"><div id="content"><div class="post" id="post-20914">
<h2 class="post-cat"><a href="{SADA}/?cat=5">اقتصاد</a></h2>
<h1 class="title">{W2_TITLE}</h1>
<div class="postmeta"><span class="postdate">14/03/2026 - 09:25 ص</span></div>
<div class="entry">
<p class="writer">كتب: عمار الأحمد</p>
<p>{W2[0]}</p>
<p>{W2[1]}</p>
<div class="code-block code-block-2" style="margin: 8px auto; text-align: center; display: block; clear: both;"><span style="font-size:11px;color:#999">إعلان</span>
<ins class="adsbygoogle" style="display:inline-block;width:300px;height:250px" data-ad-client="ca-pub-0000" data-ad-slot="1234"></ins></div>
<p>{W2[2]}</p>
<p>{W2[3]}</p>
<p>{W2[4]}</p>
<p>{W2[5]}</p>
<p><strong>تحرير:</strong> هبة محمد</p>
<p>المصدر: صدى الشمال + مراسلون</p>
</div>
<div class="postmetadata">التصنيف: <a href="{SADA}/?cat=5" rel="category">اقتصاد</a></div>
</div>
<div id="comments"><h3>3 تعليقات على "{W2_TITLE}"</h3><ol class="commentlist">
<li class="comment"><div class="comment-author vcard"><cite class="fn">أم جوان</cite> <span class="says">يقول:</span></div><div class="comment-meta commentmetadata">14/03/2026 - 11:02 ص</div><p>الله يعين الناس، البندورة صارت حلم.</p></li>
<li class="comment"><div class="comment-author vcard"><cite class="fn">زائر</cite> <span class="says">يقول:</span></div><div class="comment-meta commentmetadata">14/03/2026 - 01:40 م</div><p>المعبر لازم يفتح اليوم قبل بكرا.</p></li>
<li class="comment"><div class="comment-author vcard"><cite class="fn">ريبوار</cite> <span class="says">يقول:</span></div><div class="comment-meta commentmetadata">15/03/2026 - 08:15 ص</div><p>كلام دقيق، شكراً للكاتب.</p></li></ol>
<h3 id="respond">أضف تعليقاً</h3>
<form action="{SADA}/wp-comments-post.php" method="post" id="commentform">
<p><input type="text" name="author" id="author" value="" size="22" tabindex="1"> <label for="author"><small>الاسم (مطلوب)</small></label></p>
<p><input type="text" name="email" id="email" value="" size="22" tabindex="2"> <label for="email"><small>البريد الإلكتروني (لن يُنشر) (مطلوب)</small></label></p>
<p><textarea name="comment" id="comment" cols="100%" rows="10" tabindex="4"></textarea></p>
<p><input name="submit" type="submit" id="submit" tabindex="5" value="أرسل التعليق"></p></form></div>
</div>
<div id="sidebar"><h3>آخر الأخبار</h3><ul><li><a href="{SADA}/?p=20910">افتتاح فرن آلي في عامودا</a></li><li><a href="{SADA}/?p=20905">مباراة ودية بين ناديي الجهاد وعامودا</a></li></ul></div>
</div><div id="footer">جميع الحقوق محفوظة © صدى الشمال</div></div></body></html>"""

# --- W3: YouTube iframe, Facebook post embed, a WhatsApp follow call inside the content, an article
# sentence that mentions Telegram (stays), post meta as article:published_time

W3 = [
    "أعلنت مديرية صحة حلب بدء حملة تلقيح وطنية ضد شلل الأطفال والحصبة، تستهدف أكثر من ثلاثمئة ألف طفل دون سن الخامسة في المدينة وريفها، وتستمر عشرة أيام.",
    "وأوضحت المديرية، عبر قناتها على تلغرام، أن الفرق الجوالة ستزور المنازل في الأحياء الشرقية والمخيمات، بينما تستقبل المراكز الصحية الثابتة الأطفال من الثامنة صباحاً حتى الثالثة عصراً.",
    "وقالت طبيبة تعمل في أحد المراكز إن نسب التلقيح تراجعت خلال السنوات الماضية بسبب النزوح المتكرر وانتشار الشائعات عن أضرار اللقاحات، ما أدى إلى ظهور إصابات بالحصبة في ريف حلب الجنوبي.",
    "ونشرت المديرية مقطعاً مصوراً يشرح مراحل الحملة، ودعت الأهالي إلى الاحتفاظ ببطاقات التلقيح وإحضارها معهم، مؤكدة أن اللقاحات مجانية وآمنة ومعتمدة من منظمة الصحة العالمية.",
    "وتأتي الحملة بعد تسجيل خمس وعشرين إصابة بالحصبة منذ بداية العام، وفق بيانات نظام الإنذار المبكر، وهو رقم يقول مختصون إنه أقل من العدد الحقيقي لأن كثيراً من الحالات لا تصل إلى المراكز الصحية.",
    "وتعمل في الحملة أكثر من أربعمئة فرقة جوالة، يضم كل منها ملقحاً ومسجلاً، وقد تلقى أفرادها تدريباً على حفظ اللقاحات في سلسلة التبريد، خصوصاً في المناطق التي تنقطع فيها الكهرباء لساعات طويلة.",
]
W3_TITLE = "حملة تلقيح تستهدف 300 ألف طفل في حلب وريفها"
W3_URL = f"{ZAITOON}/archives/48990"
W3_ARTICLE = f"""<article id="the-post" class="container-wrapper post-content tie-standard">
<div class="entry-header"><h1 class="post-title entry-title">{W3_TITLE}</h1>
<div id="single-post-meta" class="post-meta clearfix"><span class="author-meta single-author no-avatars"><span class="meta-item meta-author-wrapper"><span class="meta-author">
<a href="{ZAITOON}/author/reem" class="author-name tie-icon" title="ريم العلي">ريم العلي</a></span></span></span><span class="date meta-item tie-icon">منذ يومين</span></div></div>
<div class="entry-content entry clearfix">
<p>{W3[0]}</p>
<p>{W3[1]}</p>
<p><strong><a href="https://whatsapp.com/channel/0029VaZaitoon">انضموا إلى قناة زيتون نت على واتساب لمتابعة آخر الأخبار</a></strong></p>
<p>{W3[2]}</p>
<p>{W3[3]}</p>
<p><iframe title="حملة التلقيح الوطنية في حلب" width="1170" height="658" src="https://www.youtube.com/embed/q1w2e3r4t5y?feature=oembed" frameborder="0" allowfullscreen></iframe></p>
<div class="fb-post" data-href="https://www.facebook.com/AleppoHealth/posts/pfbid02x" data-width="500"><blockquote cite="https://www.facebook.com/AleppoHealth/posts/pfbid02x" class="fb-xfbml-parse-ignore">
<p>تنطلق غداً الحملة الوطنية للتلقيح.. احموا أطفالكم بالتلقيح 💉</p>Posted by <a href="https://www.facebook.com/AleppoHealth">مديرية صحة حلب</a> on&nbsp;<a href="https://www.facebook.com/AleppoHealth/posts/pfbid02x">Saturday, February 21, 2026</a></blockquote></div>
<p>{W3[4]}</p>
<p>{W3[5]}</p>
{SHAREDADDY}
</div></article>"""
W3_HTML = _zaitoon(
    W3_TITLE,
    '<meta property="article:published_time" content="2026-02-22T06:15:00+00:00"><meta property="article:modified_time" content="2026-02-22T09:00:00+00:00"><meta name="author" content="ريم العلي">',
    W3_ARTICLE,
    f'<div id="comments" class="comments-area">{COMMENT_FORM}</div>',
)

# --- W4: opinion, two authors (co-authors links), photographer credit in wp-caption, "مساحة إعلانية",
# Yoast JSON-LD with both authors

W4 = [
    "لم تعد أزمة السكن في دمشق مسألة أرقام تتداولها التقارير الاقتصادية، بل صارت جزءاً من يوميات الناس: شباب يؤجلون الزواج لأنهم لا يجدون غرفة بإيجار معقول، وعائلات تتقاسم شقة واحدة، وأحياء عشوائية تتمدد على أطراف المدينة بلا تخطيط ولا خدمات.",
    "وتشير تقديرات غير رسمية إلى أن إيجار شقة صغيرة في الأحياء المتوسطة يعادل ثلاثة أضعاف راتب موظف حكومي، في حين تجاوزت أسعار التمليك قدرة الغالبية الساحقة من السكان، حتى من أصحاب الدخل المرتفع نسبياً.",
    "إن جوهر المشكلة لا يكمن في نقص الأبنية وحده، فآلاف الشقق مغلقة لأن أصحابها هاجروا أو يخشون تأجيرها في ظل قوانين إيجار لا تحمي المالك ولا المستأجر، ولأن السجلات العقارية في مناطق واسعة ما زالت معلقة منذ سنوات.",
    "لذلك نقترح أن تبدأ أي معالجة جدية بإصلاح قانون الإيجارات بما يضمن عقوداً واضحة وقابلة للتنفيذ، وبإطلاق برنامج للسكن التعاوني يتيح للجمعيات البناء على أراضٍ عامة بأسعار رمزية، مع رقابة صارمة على التنفيذ.",
    "كما ينبغي أن تُدرج مناطق السكن العشوائي في المخططات التنظيمية بدل هدمها، فالهدم من دون بدائل يدفع الناس إلى عشوائيات أبعد، ويعيد إنتاج الأزمة في مكان آخر.",
    "إن السكن ليس سلعة كمالية، وأي حديث عن التعافي وعودة اللاجئين يبقى ناقصاً ما لم يجد العائد سقفاً يؤويه بكلفة يستطيع تحملها.",
]
W4_TITLE = "أزمة السكن في دمشق: من أين نبدأ؟"
W4_URL = f"{ZAITOON}/archives/49102"
W4_ARTICLE = f"""<article id="the-post" class="container-wrapper post-content tie-standard">
<div class="entry-header"><span class="post-cat-wrap"><a class="post-cat" href="{ZAITOON}/category/opinion">رأي</a></span>
<h1 class="post-title entry-title">{W4_TITLE}</h1>
<div id="single-post-meta" class="post-meta clearfix"><span class="meta-item meta-author-wrapper"><span class="meta-author">بقلم <a href="{ZAITOON}/author/laila-m" rel="author">د. ليلى منصور</a> و<a href="{ZAITOON}/author/khaled-o" rel="author">خالد العمر</a></span></span>
<span class="date meta-item tie-icon">2 آذار 2026</span></div></div>
<div class="entry-content entry clearfix">
<p>{W4[0]}</p>
<p>{W4[1]}</p>
<div class="code-block code-block-3" style="margin: 8px 0; clear: both;"><div class="ad-label">مساحة إعلانية</div><ins class="adsbygoogle" data-ad-client="ca-pub-0000" data-ad-slot="98"></ins></div>
<p>{W4[2]}</p>
<div id="attachment_49105" class="wp-caption alignnone"><img class="wp-image-49105" src="/wp-content/uploads/2026/03/ashwaiyat.jpg" alt="" width="800" height="533"><p class="wp-caption-text">منازل في حي المزة 86 على أطراف دمشق (تصوير: مازن العبدالله)</p></div>
<p>{W4[3]}</p>
<p>{W4[4]}</p>
<p>{W4[5]}</p>
<p><em>المقالات المنشورة تعبر عن آراء كتّابها ولا تعبر بالضرورة عن رأي زيتون نت.</em></p>
{SHAREDADDY}
</div></article>
{_author_box("د. ليلى منصور", "باحثة في التخطيط العمراني، تدرّس في جامعة دمشق سابقاً ولها دراسات عن السكن العشوائي في المدن السورية.")}"""
W4_HTML = _zaitoon(
    W4_TITLE,
    _yoast(W4_URL, W4_TITLE, "2026-03-02T18:00:00+03:00", ["د. ليلى منصور", "خالد العمر"]),
    W4_ARTICLE,
    f'<div id="comments" class="comments-area">{COMMENT_FORM}</div>',
)

# --- W5: WordPress post embed (blockquote + iframe card), an unlabelled list box of other posts inside the
# content, a Telegram call as a sentence with a link, <time> published and updated

W5 = [
    "بدأت شركة المياه في اللاذقية تنفيذ برنامج تقنين جديد يقسم المدينة إلى أربع مناطق، تحصل كل منها على المياه يومين في الأسبوع، بسبب انخفاض منسوب سد الثورة إلى أدنى مستوى منذ عقدين.",
    "وقال مدير الشركة إن الهطولات المطرية هذا الموسم لم تتجاوز نصف المعدل السنوي، وإن مخزون السد لا يكفي لأكثر من أربعة أشهر وفق الاستهلاك الحالي، ما استدعى اتخاذ إجراءات عاجلة.",
    "وطالبت الشركة الأهالي بترشيد الاستهلاك وعدم استخدام مياه الشرب في غسل السيارات وري الحدائق، ملوحة بفرض غرامات على المخالفين وقطع المياه عن المنشآت التي تتجاوز حصصها.",
    "ويخشى سكان الأحياء المرتفعة مثل الرمل الشمالي والدعتور من ألا تصلهم المياه أصلاً في أيام الضخ، لضعف الضغط في الشبكة، ويعتمد كثيرون منهم على الصهاريج الخاصة التي رفعت أسعارها.",
    "وتدرس المحافظة حفر آبار إضافية في منطقة الحفة وتأهيل محطة تحلية صغيرة على الساحل، لكن المشروعين يحتاجان إلى تمويل لم يتوفر بعد.",
    "ويقول مهندسون سابقون في الشركة إن نحو ثلث المياه المضخوخة يُهدر في الشبكة القديمة بسبب التسربات والتعديات، وإن إصلاح الخطوط الرئيسية قد يوفر كميات تعادل إنتاج عدة آبار جديدة بكلفة أقل بكثير.",
]
W5_TITLE = "تقنين المياه في اللاذقية: يومان في الأسبوع لكل حي"
W5_ARTICLE = f"""<article class="post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">{W5_TITLE}</h1>
<div class="entry-meta"><span class="posted-on">نُشر في <a href="{SADA}/?p=21077" rel="bookmark"><time class="entry-date published" datetime="2026-03-20T08:05:00+03:00">20 آذار 2026</time><time class="updated" datetime="2026-03-21T17:30:00+03:00">21 آذار 2026</time></a></span>
<span class="byline"> بواسطة <span class="author vcard"><a class="url fn n" href="{SADA}/author/jude">جود سليمان</a></span></span></div></header>
<div class="entry-content">
<p>{W5[0]}</p>
<p>{W5[1]}</p>
<blockquote class="wp-embedded-content" data-secret="aB3dE5"><a href="{SADA}/?p=20501">سد الثورة يفقد ثلث مخزونه خلال صيف واحد</a></blockquote><iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" style="position: absolute; clip: rect(1px, 1px, 1px, 1px);" title="&#8220;سد الثورة يفقد ثلث مخزونه خلال صيف واحد&#8221; &#8212; صدى الشمال" src="{SADA}/?p=20501&#038;embed=true#?secret=aB3dE5" data-secret="aB3dE5" width="500" height="282" frameborder="0"></iframe>
<p>{W5[2]}</p>
<div class="wp-block-group"><div class="wp-block-group__inner-container"><ul class="wp-block-latest-posts__list wp-block-latest-posts">
<li><a class="wp-block-latest-posts__post-title" href="{SADA}/?p=21060">الصهاريج تضاعف أسعارها في جبلة</a></li>
<li><a class="wp-block-latest-posts__post-title" href="{SADA}/?p=21052">محطة تحلية على شاطئ طرطوس تدخل الخدمة</a></li>
<li><a class="wp-block-latest-posts__post-title" href="{SADA}/?p=21040">مزارعو الحفة يطالبون بآبار جديدة للري</a></li></ul></div></div>
<p>{W5[3]}</p>
<p>{W5[4]}</p>
<p>{W5[5]}</p>
<p>لمتابعة آخر أخبار الساحل السوري اشتركوا في قناتنا على تلغرام <a href="https://t.me/sada_shamal">من هنا</a></p>
</div>
<footer class="entry-footer"><span class="cat-links">نشرت في <a href="{SADA}/?cat=3" rel="category">محليات</a></span></footer>
</article>"""
W5_HTML = f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="UTF-8"><title>{W5_TITLE} &#8211; صدى الشمال</title>
<meta property="og:site_name" content="صدى الشمال"><link rel="https://api.w.org/" href="{SADA}/wp-json/"></head>
<body class="post-template-default single single-post"><div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title"><a href="{SADA}/">صدى الشمال</a></p>
<nav id="site-navigation" class="main-navigation"><ul><li><a href="{SADA}/?cat=3">محليات</a></li><li><a href="{SADA}/?cat=5">اقتصاد</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">{W5_ARTICLE}
<nav class="navigation post-navigation" aria-label="مقالات"><div class="nav-links"><div class="nav-previous"><a href="{SADA}/?p=21070" rel="prev">السابق: حريق في أحراج ربيعة</a></div></div></nav>
<div id="comments" class="comments-area">{COMMENT_FORM}</div></main></div></div>
<footer id="colophon" class="site-footer"><div class="site-info">صدى الشمال &copy; 2026</div></footer></div></body></html>"""

PAGES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "wp-jetpack-comments",
        W1_HTML,
        truth(
            "wp-jetpack-comments",
            W1_URL,
            "2026-02-16T08:00:00+00:00",
            title=W1_TITLE,
            subtitle=None,
            author="محمد بلال",
            published_at="2026-02-15T10:40:00+03:00",
            body_paragraphs=W1,
            must_not_contain=[
                "اقرأ أيضاً",
                "إضراب المعلمين في إدلب يدخل",
                "حافلة تقل طلاباً",
                "الصورة: زيتون نت",
                "شارك هذا",
                "معجب بهذه",
                "ذات صلة",
                "نتائج الشهادة الثانوية",
                "صحفي سوري من ريف إدلب",
                "الله يوفق الطلاب",
                "البريد الإلكتروني",
                "احفظ اسمي",
                "الأكثر قراءة",
            ],
        ),
    ),
    (
        "wp-visible-date-credits",
        W2_HTML,
        truth(
            "wp-visible-date-credits",
            f"{SADA}/?p=20914",
            "2026-03-15T08:00:00+00:00",
            title=W2_TITLE,
            subtitle=None,
            author="عمار الأحمد",
            published_at="2026-03-14T09:25:00+03:00",
            body_paragraphs=W2,
            must_not_contain=[
                "كتب: عمار",
                "إعلان",
                "تحرير",
                "هبة محمد",
                "المصدر: صدى الشمال",
                "أم جوان",
                "البندورة صارت حلم",
                "الاسم (مطلوب)",
                "آخر الأخبار",
            ],
        ),
    ),
    (
        "wp-embeds-whatsapp",
        W3_HTML,
        truth(
            "wp-embeds-whatsapp",
            W3_URL,
            "2026-02-24T08:00:00+00:00",
            title=W3_TITLE,
            subtitle=None,
            author="ريم العلي",
            published_at="2026-02-22T09:15:00+03:00",
            body_paragraphs=W3,
            must_not_contain=[
                "انضموا إلى قناة",
                "واتساب",
                "تنطلق غداً الحملة",
                "Posted by",
                "Saturday, February 21",
                "شارك هذا",
                "البريد الإلكتروني",
            ],
        ),
    ),
    (
        "wp-opinion-two-authors",
        W4_HTML,
        truth(
            "wp-opinion-two-authors",
            W4_URL,
            "2026-03-03T08:00:00+00:00",
            title=W4_TITLE,
            subtitle=None,
            author="د. ليلى منصور، خالد العمر",
            published_at="2026-03-02T18:00:00+03:00",
            body_paragraphs=W4,
            must_not_contain=[
                "مساحة إعلانية",
                "منازل في حي المزة",
                "تصوير: مازن",
                "آراء كتّابها",
                "باحثة في التخطيط",
                "شارك هذا",
                "اترك تعليقاً",
            ],
        ),
    ),
    (
        "wp-embed-card-telegram",
        W5_HTML,
        truth(
            "wp-embed-card-telegram",
            f"{SADA}/?p=21077",
            "2026-03-22T08:00:00+00:00",
            title=W5_TITLE,
            subtitle=None,
            author="جود سليمان",
            published_at="2026-03-20T08:05:00+03:00",
            body_paragraphs=W5,
            must_not_contain=[
                "سد الثورة يفقد ثلث",
                "الصهاريج تضاعف أسعارها في جبلة",
                "محطة تحلية على شاطئ طرطوس",
                "مزارعو الحفة يطالبون",
                "تلغرام",
                "من هنا",
                "حريق في أحراج",
                "البريد الإلكتروني",
            ],
        ),
    ),
]
