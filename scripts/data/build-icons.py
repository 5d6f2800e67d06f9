"""Draws the app icons (public/icons/*.png): the character 医 in white on the brand teal.

Needs Pillow and Debian's fonts-noto-cjk; the PNGs are committed, so builds do not run this.
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND = (11, 93, 91, 255)
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
OUT = Path(__file__).resolve().parents[2] / "public" / "icons"


def icon(size: int, maskable: bool) -> Image.Image:
    image = Image.new("RGBA", (size, size), BRAND if maskable else (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if not maskable:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=BRAND)
    # A maskable icon keeps its mark inside the central 80 % safe zone.
    glyph = int(size * (0.5 if maskable else 0.62))
    font = ImageFont.truetype(FONT, glyph, index=2)  # index 2: Simplified Chinese
    draw.text((size / 2, size / 2), "医", font=font, fill="white", anchor="mm")
    return image


OUT.mkdir(parents=True, exist_ok=True)
for size in (192, 512):
    icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    icon(size, maskable=True).save(OUT / f"maskable-{size}.png", optimize=True)
