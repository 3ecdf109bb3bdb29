"""Text samples users may type: markup that must print literally, and non-Latin scripts."""

from __future__ import annotations

HOSTILE = [
    "<b>",
    "x<y",
    "R&D & Sons",
    '<img src="/etc/hosts"/>',
    '<font color="red" size="40">big</font>',
    "<font color=expression(alert(1))>",
    "&amp; &#60; &lt;",
    "]]></para><para>",
]
UNICODE = {
    "latin": "Crème Brûlée Façade Zoë Ørsted Łódź",
    "greek": "Ελληνική Εταιρεία Καφέ",
    "cyrillic": "Кофейня Москва Санкт-Петербург",
    "chinese": "北京咖啡有限公司社交媒体",
    "japanese": "東京カフェ株式会社ソーシャルメディア",
}
