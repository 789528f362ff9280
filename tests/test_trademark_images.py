"""Mark images: content checks, normalisation, hashes and keypoint matching.

Logos are drawn here with Pillow and the WenQuanYi font; real US design-patent drawings
(shared/data/design_us, TIFF) serve as distinct pictures for the negatives.
"""

from __future__ import annotations

import io
import itertools
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ipoffice.core.errors import InvalidInput
from ipoffice.trademarks.images import (
    ImageFeatures,
    ImageLimits,
    check_image,
    compare_images,
    features_of,
    normalised,
)
from tests.shared_data import shared

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
LIMITS = ImageLimits(max_bytes=1_000_000, max_pixels=16_000_000)


def font(size: int) -> ImageFont.FreeTypeFont:
    if not Path(FONT).exists():
        pytest.skip(f"the font {FONT} is not installed (Debian fonts-wqy-microhei)")
    return ImageFont.truetype(FONT, size)


def sun_logo(color: tuple[int, int, int] = (200, 20, 20), text: str = "华瑞") -> Image.Image:
    """A ring, a triangle, a few squares and two characters."""
    image = Image.new("RGB", (400, 400), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 360, 360), outline=color, width=14)
    draw.polygon([(200, 70), (320, 300), (80, 300)], outline=color, width=8)
    for x, y in ((90, 110), (260, 90), (230, 280)):
        draw.rectangle((x, y, x + 30, y + 30), fill=color)
    draw.text((110, 150), text, fill=color, font=font(90))
    return image


def leaf_logo() -> Image.Image:
    """A different logo: stripes, a diamond and other characters."""
    image = Image.new("RGB", (500, 300), "white")
    draw = ImageDraw.Draw(image)
    for i in range(5):
        draw.line((20 + i * 30, 280, 120 + i * 30, 20), fill=(0, 110, 40), width=9)
    draw.polygon([(330, 30), (420, 150), (330, 270), (240, 150)], fill=(0, 110, 40))
    draw.text((250, 110), "绿源", fill="white", font=font(60))
    return image


def encode(image: Image.Image, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def drawings(count: int) -> list[Image.Image]:
    """The first drawing of `count` different real design patents, as Pillow images."""
    folder = shared("design_us")
    patents = sorted(p for p in folder.iterdir() if p.is_dir())[:count]
    pictures = []
    for patent in patents:
        with Image.open(sorted(patent.glob("*.TIF"))[0]) as tif:
            # Through PNG, the way a drawing would be filed.
            pictures.append(Image.open(io.BytesIO(encode(tif.convert("L")))))
    return pictures


# --- checks ----------------------------------------------------------------------------------


def test_png_and_jpeg_pass_by_content() -> None:
    png = check_image(encode(sun_logo()), limits=LIMITS)
    assert (png.format, png.width, png.height) == ("PNG", 400, 400)
    jpeg = check_image(encode(sun_logo(), "JPEG"), limits=LIMITS)
    assert jpeg.format == "JPEG"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"GIF89a" + b"\x00" * 100, "it is GIF"),
        (b"%PDF-1.7 fake", "it is PDF"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "text/SVG"),
        (b"hello, this is not a picture", "PNG or JPEG"),
    ],
)
def test_other_content_is_refused_whatever_the_name(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_image(data, limits=LIMITS)


def test_a_gif_named_png_is_refused() -> None:
    gif = encode(sun_logo(), "GIF")
    with pytest.raises(InvalidInput, match="judged by content.*it is GIF"):
        check_image(gif, limits=LIMITS)


def test_corrupt_and_truncated_files_are_refused() -> None:
    data = encode(sun_logo())
    with pytest.raises(InvalidInput, match="corrupt or truncated"):
        check_image(data[: len(data) // 2], limits=LIMITS)
    damaged = bytearray(data)
    middle = len(damaged) // 2
    damaged[middle : middle + 40] = b"\x00" * 40
    with pytest.raises(InvalidInput, match="corrupt or truncated"):
        check_image(bytes(damaged), limits=LIMITS)
    jpeg = encode(sun_logo(), "JPEG")
    with pytest.raises(InvalidInput, match="JPEG image is corrupt or truncated"):
        check_image(jpeg[:600], limits=LIMITS)


def _with_size(png: bytes, width: int, height: int) -> bytes:
    """The same PNG with its header claiming another size (a decompression bomb's trick)."""
    header = struct.pack(">II", width, height) + png[24:29]
    chunk = b"IHDR" + header
    return png[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + png[33:]


def test_decompression_bombs_are_refused_before_decoding() -> None:
    small = encode(Image.new("L", (64, 64), 255))
    for side in (5000, 12000):
        with pytest.raises(InvalidInput, match=f"{side}x{side} pixels; at most 16000000"):
            check_image(_with_size(small, side, side), limits=LIMITS)
    # Beyond Pillow's own bomb limit, whatever the office's setting says.
    generous = ImageLimits(max_bytes=1_000_000, max_pixels=10**12)
    with pytest.raises(InvalidInput, match="too many pixels"):
        check_image(_with_size(small, 60000, 60000), limits=generous)


def test_size_limits() -> None:
    data = encode(sun_logo())
    with pytest.raises(InvalidInput, match=f"{len(data)} bytes; at most 1000"):
        check_image(data, limits=ImageLimits(max_bytes=1000, max_pixels=10**6))
    with pytest.raises(InvalidInput, match="at least 16"):
        check_image(encode(Image.new("RGB", (300, 8), "red")), limits=LIMITS)


def test_a_blank_image_has_nothing_to_register() -> None:
    with pytest.raises(InvalidInput, match="blank"):
        features_of(Image.new("RGB", (200, 200), "white"))


def test_normalisation_trims_the_border_and_fits_the_square() -> None:
    framed = Image.new("RGB", (1200, 800), "white")
    framed.paste(sun_logo(), (500, 300))
    square = normalised(framed)
    assert square.size == (256, 256) and square.mode == "L"
    assert normalised(sun_logo()).tobytes() == square.tobytes()


def test_features_survive_storage() -> None:
    features = features_of(sun_logo())
    assert features.keypoint_count > 100
    stored = ImageFeatures.from_stored(
        features.phash, features.dhash, features.whash, features.keypoints_blob()
    )
    assert (stored.points == features.points).all()
    assert (stored.descriptors == features.descriptors).all()
    assert compare_images(features, stored).score == 1.0


# --- comparison -------------------------------------------------------------------------------


def in_a_scene(logo: Image.Image) -> Image.Image:
    scene = Image.new("RGB", (900, 600), "white")
    draw = ImageDraw.Draw(scene)
    draw.rectangle((20, 20, 880, 580), outline="black", width=3)
    draw.text((500, 250), "有限公司", fill="black", font=font(50))
    scene.paste(logo.resize((300, 300)), (60, 150))
    return scene


VARIANTS = {
    "rotated 30 degrees": lambda im: im.rotate(30, expand=True, fillcolor="white"),
    "rotated 90 degrees": lambda im: im.rotate(90, expand=True, fillcolor="white"),
    "scaled down": lambda im: im.resize((150, 150)),
    "scaled up": lambda im: im.resize((900, 900)),
    "cropped": lambda im: im.crop((60, 60, 340, 340)),
    "recoloured": lambda _im: sun_logo(color=(20, 40, 200)),
    "inverted": lambda _im: Image.eval(sun_logo(color=(0, 0, 0)), lambda p: 255 - p),
    "placed in a picture": in_a_scene,
    "saved as JPEG": lambda im: Image.open(io.BytesIO(encode(im, "JPEG"))),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_logo_still_matches_when_changed(variant: str) -> None:
    original = features_of(sun_logo())
    changed = features_of(VARIANTS[variant](sun_logo()))
    aspect = compare_images(original, changed)
    assert aspect.name == "image"
    assert aspect.score >= 0.5, (variant, aspect.evidence)
    assert {"hash_distances", "inliers", "good_matches"} <= set(aspect.evidence)


def test_rotation_is_found_by_keypoints_not_hashes() -> None:
    aspect = compare_images(
        features_of(sun_logo()), features_of(sun_logo().rotate(45, fillcolor="white"))
    )
    assert aspect.evidence["decided_by"] == "keypoints"
    assert aspect.evidence["hash_distances"]["phash"] > 16
    assert aspect.evidence["inliers"] >= 40


def test_different_logos_do_not_match() -> None:
    aspect = compare_images(features_of(sun_logo()), features_of(leaf_logo()))
    assert aspect.score < 0.3, aspect.evidence
    assert "not similar" in aspect.explanation_en


def test_real_drawings_are_distinct_from_a_logo_and_from_each_other() -> None:
    pictures = [features_of(p) for p in drawings(24)]
    logo = features_of(sun_logo())
    assert max(compare_images(logo, p).score for p in pictures) < 0.3
    scores = [compare_images(a, b) for a, b in itertools.combinations(pictures, 2)]
    high = [s for s in scores if s.score >= 0.5]
    assert len(high) <= len(scores) // 100, [s.evidence for s in high]
    # Stippling and hatching repeat; they must not pass as a geometric match.
    assert all(s.evidence["keypoint_score"] < 0.3 for s in scores)


def test_a_real_drawing_matches_itself_turned_and_shrunk() -> None:
    drawing = drawings(1)[0]
    turned = drawing.rotate(20, expand=True, fillcolor=255).resize(
        (drawing.width // 2, drawing.height // 2)
    )
    assert compare_images(features_of(drawing), features_of(turned)).score >= 0.6
