"""The few plain HTML pages of sign-in: the sign-in form, "not allowed" and "sign-in failed".

They are served by Flask, not Dash: they must work before the user is signed in (when the
dashboard's scripts are not served) and they hold the one form with a password. English or
Hindi by ``?lang=hi``, in the dashboard's look (its stylesheet under /assets/).
"""

from __future__ import annotations

from flask import render_template_string

TEXTS = {
    "title": ("Sign in to Jansewa", "जनसेवा में साइन इन करें"),
    "intro": (
        "District comparisons of Haryana's citizen services. Sign in with the account the "
        "state digital cell gave you.",
        "हरियाणा की नागरिक सेवाओं की ज़िलेवार तुलना। राज्य डिजिटल सेल द्वारा दिए गए खाते से साइन इन करें।",
    ),
    "user": ("User name", "उपयोगकर्ता नाम"),
    "password": ("Password", "पासवर्ड"),
    "submit": ("Sign in", "साइन इन करें"),
    "oidc": ("Sign in with the state's identity provider", "राज्य के पहचान प्रदाता से साइन इन करें"),
    "or": ("or", "या"),
    "wrong": ("The user name or password is not right.", "उपयोगकर्ता नाम या पासवर्ड सही नहीं है।"),
    "signed_out": ("You have signed out.", "आप साइन आउट हो गए हैं।"),
    "expired": (
        "Your session ended after a time without use. Please sign in again.",
        "कुछ समय उपयोग न होने से आपका सत्र समाप्त हो गया। कृपया फिर से साइन इन करें।",
    ),
    "forbidden_title": ("Not allowed", "अनुमति नहीं"),
    "forbidden": (
        "Your role does not allow this view. District offices see their own district in "
        "full and the others in the comparisons.",
        "आपकी भूमिका में यह दृश्य शामिल नहीं है। ज़िला कार्यालय अपना ज़िला पूरा और बाकी ज़िले तुलना में देखते हैं।",
    ),
    "failed_title": ("Sign-in failed", "साइन इन विफल"),
    "failed": (
        "Sign-in did not complete. Go back to the sign-in page and try again; if it fails "
        "again, ask the state digital cell to check your account's groups.",
        "साइन इन पूरा नहीं हुआ। साइन इन पृष्ठ पर लौटकर फिर प्रयास करें; फिर भी विफल हो तो राज्य "
        "डिजिटल सेल से अपने खाते के समूह जाँचने को कहें।",
    ),
    "home": ("Back to the dashboard", "डैशबोर्ड पर लौटें"),
    "to_sign_in": ("Back to sign-in", "साइन इन पर लौटें"),
    "other_lang": ("हिन्दी", "English"),
}

_PAGE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<main class="sign-in">
  <p class="sign-in-lang"><a href="{{ other_lang_href }}" lang="{{ 'en' if lang == 'hi' else 'hi' }}">{{ other_lang }}</a></p>
  <h1>{{ title }}</h1>
  {% if notice %}<p class="message message-{{ notice_kind }}" role="status">{{ notice }}</p>{% endif %}
  {{ body }}
</main>
</body>
</html>
"""

_FORM = """
<p class="intro">{{ intro }}</p>
{% if oidc %}
<p><a class="download-button" id="sign-in-oidc" href="/auth/oidc/start?next={{ next | urlencode }}">{{ oidc_label }}</a></p>
{% if local %}<p>{{ or_ }}</p>{% endif %}
{% endif %}
{% if local %}
<form method="post" action="/login" class="sign-in-form">
  <input type="hidden" name="csrf_token" value="{{ csrf }}">
  <input type="hidden" name="next" value="{{ next }}">
  <input type="hidden" name="lang" value="{{ lang }}">
  <label for="sign-in-user">{{ user_label }}</label>
  <input id="sign-in-user" name="user" autocomplete="username" required autofocus>
  <label for="sign-in-password">{{ password_label }}</label>
  <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit" id="sign-in-submit" class="download-button">{{ submit }}</button>
</form>
{% endif %}
"""


def text(key: str, lang: str) -> str:
    return TEXTS[key][1 if lang == "hi" else 0]


def _page(lang: str, title: str, body: str, notice: str = "", notice_kind: str = "info") -> str:
    return render_template_string(
        _PAGE,
        lang=lang,
        title=title,
        body=body,
        notice=notice,
        notice_kind=notice_kind,
        other_lang=text("other_lang", lang),
        other_lang_href="?lang=en" if lang == "hi" else "?lang=hi",
    )


def sign_in_page(lang: str, csrf: str, next_url: str, local: bool, oidc: bool, notice="") -> str:
    """The sign-in form (users file) and/or the identity provider's button."""
    from markupsafe import Markup

    body = render_template_string(
        _FORM,
        intro=text("intro", lang),
        oidc=oidc,
        local=local,
        oidc_label=text("oidc", lang),
        or_=text("or", lang),
        csrf=csrf,
        next=next_url,
        lang=lang,
        user_label=text("user", lang),
        password_label=text("password", lang),
        submit=text("submit", lang),
    )
    kind = "warning" if notice in ("wrong", "expired") else "info"
    return _page(
        lang, text("title", lang), Markup(body), text(notice, lang) if notice else "", kind
    )


def message_page(lang: str, title_key: str, message_key: str, link: str, link_key: str) -> str:
    """A page that says one thing and offers one link (not allowed, sign-in failed)."""
    from markupsafe import Markup, escape

    body = Markup(
        f'<p class="intro">{escape(text(message_key, lang))}</p>'
        f'<p><a href="{escape(link)}">{escape(text(link_key, lang))}</a></p>'
    )
    return _page(lang, text(title_key, lang), body)
