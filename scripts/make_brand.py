"""Draw the integration's own icon and logo (no vendor artwork) into brand/.

Run with the project's venv: `.venv/bin/python scripts/make_brand.py`. The PNGs are
committed; this script only documents and reproduces them.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND = Path(__file__).resolve().parent.parent / "custom_components" / "ejoin" / "brand"
TEAL = (0, 137, 123, 255)
LIGHT_TEAL = (77, 208, 189, 255)
WHITE = (255, 255, 255, 255)
INK = (33, 33, 33, 255)


def draw_icon(size: int, *, dark: bool) -> Image.Image:
    """Draw a SIM card with radio waves on a rounded square."""
    scale = size / 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    tile = LIGHT_TEAL if dark else TEAL
    draw.rounded_rectangle(
        (0, 0, size - 1, size - 1), radius=int(48 * scale), fill=tile
    )
    card = [(60, 70), (150, 70), (180, 100), (180, 206), (60, 206)]
    draw.polygon([(x * scale, y * scale) for x, y in card], fill=WHITE)
    chip = (84 * scale, 120 * scale, 156 * scale, 180 * scale)
    draw.rounded_rectangle(chip, radius=int(8 * scale), fill=tile)
    for line in (140, 160):
        draw.line(
            (84 * scale, line * scale, 156 * scale, line * scale),
            fill=WHITE,
            width=max(1, int(4 * scale)),
        )
    draw.line(
        (120 * scale, 120 * scale, 120 * scale, 180 * scale),
        fill=WHITE,
        width=max(1, int(4 * scale)),
    )
    for radius in (20, 38, 56):
        box = (
            (170 - radius) * scale,
            (80 - radius) * scale,
            (170 + radius) * scale,
            (80 + radius) * scale,
        )
        draw.arc(box, start=-80, end=-10, fill=WHITE, width=max(2, int(9 * scale)))
    return image


def draw_logo(height: int, *, dark: bool) -> Image.Image:
    """Draw the icon followed by the integration's name."""
    font = ImageFont.load_default(size=int(height * 0.36))
    text = "Ejoin GSM Gateway"
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    left, top, right, bottom = probe.textbbox((0, 0), text, font=font)
    width = height + int(height * 0.15) + (right - left) + int(height * 0.1)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste(draw_icon(height, dark=dark), (0, 0))
    draw = ImageDraw.Draw(image)
    y = (height - (bottom - top)) // 2 - top
    draw.text(
        (height + int(height * 0.15), y), text, font=font, fill=WHITE if dark else INK
    )
    return image


def main() -> None:
    """Write every brand image Home Assistant looks for."""
    BRAND.mkdir(parents=True, exist_ok=True)
    for dark, prefix in ((False, ""), (True, "dark_")):
        draw_icon(256, dark=dark).save(BRAND / f"{prefix}icon.png", optimize=True)
        draw_icon(512, dark=dark).save(BRAND / f"{prefix}icon@2x.png", optimize=True)
        draw_logo(128, dark=dark).save(BRAND / f"{prefix}logo.png", optimize=True)
        draw_logo(256, dark=dark).save(BRAND / f"{prefix}logo@2x.png", optimize=True)


if __name__ == "__main__":
    main()
