"""Mark images: validation, normalisation, perceptual hashes and keypoint matching.

An upload is trusted by its content only: PNG or JPEG recognised by signature, the size read
from the header and checked against the pixel limit before any pixel is decoded (a
decompression bomb is refused, not decoded), then Pillow's `verify` and a full reload, so
corrupt and truncated files fail with a clear message.

Comparison has two halves. Perceptual hashes (pHash, dHash, wavelet hash) of a normalised grey
image (dark-on-light, auto-contrast, white border trimmed, fitted in 256x256) catch copies,
rescaled and recoloured logos cheaply. ORB keypoints matched with Lowe's ratio test and
verified by a RANSAC homography catch a logo that was rotated, cropped or placed in a larger
picture, where hashes fail. The stronger of the two decides, and both are in the evidence.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps

from ipoffice.core.errors import InvalidInput
from ipoffice.trademarks.aspects import Aspect

HASH_SIZE = 256  # side of the normalised image the hashes are taken from
KEYPOINT_SIZE = 512  # longest side of the image keypoints are found in
MIN_SIDE = 16
ORB_FEATURES = 600
RATIO = 0.75  # Lowe's ratio test
RANSAC_THRESHOLD = 5.0  # pixels
MIN_GOOD_MATCHES = 8
# A plausible homography: area scale (determinant) and perspective within these bounds, and
# inliers spread over at least MIN_SPREAD of the extent of one image's keypoints (and
# MIN_SPREAD_SMALLER of the other's: the logo may sit inside a larger picture).
MIN_DET, MAX_DET = 0.05, 20.0
MAX_PERSPECTIVE = 0.002
MIN_SPREAD, MIN_SPREAD_SMALLER = 0.25, 0.05
# A pHash distance of 0 scores 1, HASH_ZERO_AT or more (unrelated images sit near 32) scores 0.
HASH_ZERO_AT = 22
# RANSAC inliers: below INLIERS_FLOOR is what chance gives between unrelated drawings.
INLIERS_FLOOR = 12
INLIERS_FULL = 60
_BLOB_MAGIC = b"ORB1"

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)
_OTHER_SIGNATURES = (
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"RIFF", "RIFF (WebP?)"),
    (b"PK\x03\x04", "ZIP"),
    (b"<", "text/SVG/HTML"),
)


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int
    max_pixels: int


@dataclass(frozen=True)
class CheckedImage:
    format: str  # "PNG" or "JPEG"
    width: int
    height: int
    image: Image.Image  # fully decoded


def _sniff(data: bytes) -> str | None:
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    return None


def _describe(data: bytes) -> str:
    for signature, name in _OTHER_SIGNATURES:
        if data.startswith(signature):
            return f"it is {name}"
    return "its content is not an image format the register accepts"


def check_image(data: bytes, *, limits: ImageLimits, field: str = "image") -> CheckedImage:
    """Decode an upload safely, or raise `InvalidInput` saying what is wrong with it."""
    if not data:
        raise InvalidInput("the image file is empty", field=field)
    if len(data) > limits.max_bytes:
        raise InvalidInput(
            f"the image has {len(data)} bytes; at most {limits.max_bytes} are accepted",
            field=field,
        )
    fmt = _sniff(data)
    if fmt is None:
        raise InvalidInput(
            "the image must be PNG or JPEG (judged by content, not by file name); "
            + _describe(data),
            field=field,
        )
    try:
        with warnings.catch_warnings():
            # The office's own limit (below) decides; Pillow's hard limit still raises.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as probe:
                width, height = probe.size
                _check_size(width, height, limits, field)
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=[fmt])
            image.load()
    except InvalidInput:
        raise
    except Image.DecompressionBombError as exc:
        raise InvalidInput(
            f"the image declares too many pixels (at most {limits.max_pixels})", field=field
        ) from exc
    except (OSError, SyntaxError, ValueError, struct.error, EOFError) as exc:
        raise InvalidInput(
            f"the {fmt} image is corrupt or truncated and cannot be read ({_reason(exc)})",
            field=field,
        ) from exc
    return CheckedImage(fmt, width, height, image)


def _check_size(width: int, height: int, limits: ImageLimits, field: str) -> None:
    if width * height > limits.max_pixels:
        raise InvalidInput(
            f"the image is {width}x{height} pixels; at most {limits.max_pixels} pixels are "
            "accepted",
            field=field,
        )
    if min(width, height) < MIN_SIDE:
        raise InvalidInput(
            f"the image is {width}x{height} pixels; each side needs at least {MIN_SIDE}",
            field=field,
        )


def _reason(exc: BaseException) -> str:
    return str(exc).strip()[:120] or type(exc).__name__


# --- normalisation -----------------------------------------------------------------------------


def _grey_on_white(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        return background.convert("L")
    return image.convert("L")


def _border_median(grey: Image.Image) -> float:
    pixels = np.asarray(grey)
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    return float(np.median(border))


def trimmed_grey(image: Image.Image) -> Image.Image:
    """Grey, dark drawing on a light ground, full contrast, white border cut away."""
    grey = _grey_on_white(image)
    if _border_median(grey) < 128:
        # A light logo on a dark ground is the same logo: compare it dark-on-light.
        grey = ImageOps.invert(grey)
    grey = ImageOps.autocontrast(grey, cutoff=1)
    box = grey.point(lambda p: 255 if p < 224 else 0).getbbox()
    if box is None:
        raise InvalidInput("the image is blank: it has no drawing to register", field="image")
    return grey.crop(box)


def normalised(image: Image.Image, size: int = HASH_SIZE) -> Image.Image:
    """The trimmed grey drawing fitted in a white `size` x `size` square."""
    trimmed = trimmed_grey(image)
    fitted = ImageOps.contain(trimmed, (size, size), Image.Resampling.LANCZOS)
    return ImageOps.pad(fitted, (size, size), color=255)


# --- features ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageFeatures:
    phash: str
    dhash: str
    whash: str
    points: NDArray[np.float32]  # (n, 2) keypoint positions
    descriptors: NDArray[np.uint8]  # (n, 32) ORB descriptors

    @property
    def keypoint_count(self) -> int:
        return int(self.points.shape[0])

    def keypoints_blob(self) -> bytes:
        """`ORB1`, the count (uint32 little-endian), positions (float32), descriptors."""
        count = struct.pack("<I", self.keypoint_count)
        return _BLOB_MAGIC + count + self.points.tobytes() + self.descriptors.tobytes()

    @classmethod
    def from_stored(cls, phash: str, dhash: str, whash: str, blob: bytes) -> ImageFeatures:
        if blob[:4] != _BLOB_MAGIC:
            raise ValueError("stored keypoints have an unknown format")
        (count,) = struct.unpack("<I", blob[4:8])
        split = 8 + count * 8
        points = np.frombuffer(blob[8:split], dtype=np.float32).reshape(count, 2)
        descriptors = np.frombuffer(blob[split:], dtype=np.uint8).reshape(count, 32)
        return cls(phash, dhash, whash, points, descriptors)


def _keypoints(trimmed: Image.Image) -> tuple[NDArray[np.float32], NDArray[np.uint8]]:
    import cv2  # loaded on first use, not at import

    fitted = ImageOps.contain(trimmed, (KEYPOINT_SIZE, KEYPOINT_SIZE), Image.Resampling.LANCZOS)
    # A white margin lets ORB find corners at the drawing's edge.
    framed = ImageOps.expand(fitted, border=32, fill=255)
    orb = cv2.ORB.create(nfeatures=ORB_FEATURES, fastThreshold=10, edgeThreshold=19)
    keypoints, descriptors = orb.detectAndCompute(np.asarray(framed), None)
    if descriptors is None or not keypoints:
        return np.zeros((0, 2), np.float32), np.zeros((0, 32), np.uint8)
    points = np.array([kp.pt for kp in keypoints], dtype=np.float32)
    return points, np.ascontiguousarray(descriptors, dtype=np.uint8)


def features_of(image: Image.Image) -> ImageFeatures:
    import imagehash

    trimmed = trimmed_grey(image)
    square = ImageOps.pad(
        ImageOps.contain(trimmed, (HASH_SIZE, HASH_SIZE), Image.Resampling.LANCZOS),
        (HASH_SIZE, HASH_SIZE),
        color=255,
    )
    points, descriptors = _keypoints(trimmed)
    return ImageFeatures(
        phash=str(imagehash.phash(square)),
        dhash=str(imagehash.dhash(square)),
        whash=str(imagehash.whash(square)),
        points=points,
        descriptors=descriptors,
    )


# --- comparison --------------------------------------------------------------------------------


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def match_keypoints(a: ImageFeatures, b: ImageFeatures) -> tuple[int, int]:
    """(matches passing the ratio test, of them RANSAC homography inliers)."""
    import cv2

    if a.keypoint_count < 2 or b.keypoint_count < 2:
        return 0, 0
    matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
    good = []
    for pair in matcher.knnMatch(a.descriptors, b.descriptors, k=2):
        if len(pair) == 2 and pair[0].distance < RATIO * pair[1].distance:
            good.append(pair[0])
    if len(good) < MIN_GOOD_MATCHES:
        return len(good), 0
    source = a.points[[m.queryIdx for m in good]].reshape(-1, 1, 2)
    target = b.points[[m.trainIdx for m in good]].reshape(-1, 1, 2)
    homography, mask = cv2.findHomography(source, target, cv2.RANSAC, RANSAC_THRESHOLD)
    if homography is None or mask is None:
        return len(good), 0
    inside = mask.ravel().astype(bool)
    matrix = np.asarray(homography, dtype=np.float64)
    if not _plausible(matrix, source[inside], target[inside], a.points, b.points):
        return len(good), 0
    return len(good), int(inside.sum())


def _extent(points: NDArray[np.float32]) -> float:
    """Square root of the area of the points' bounding box."""
    if len(points) == 0:
        return 0.0
    flat = points.reshape(-1, 2)
    return float(np.sqrt(np.ptp(flat[:, 0]) * np.ptp(flat[:, 1])))


def _plausible(
    homography: NDArray[np.float64],
    source: NDArray[np.float32],
    target: NDArray[np.float32],
    all_a: NDArray[np.float32],
    all_b: NDArray[np.float32],
) -> bool:
    """A logo seen again is moved, turned and scaled, not folded flat, mirrored or pinched
    into a corner: repeated texture (stippling, hatching) gives degenerate homographies."""
    det = float(np.linalg.det(homography[:2, :2]))
    perspective = float(np.abs(homography[2, :2]).max())
    if not MIN_DET <= det <= MAX_DET or perspective > MAX_PERSPECTIVE:
        return False
    # One side may be a whole logo and the other a picture the logo sits in.
    shares = sorted(
        (
            _extent(source) / max(_extent(all_a), 1.0),
            _extent(target) / max(_extent(all_b), 1.0),
        )
    )
    return shares[1] >= MIN_SPREAD and shares[0] >= MIN_SPREAD_SMALLER


def compare_images(a: ImageFeatures, b: ImageFeatures) -> Aspect:
    """The "image" aspect of two marks, with hash distances and keypoint inliers."""
    distances = {
        "phash": hamming(a.phash, b.phash),
        "dhash": hamming(a.dhash, b.dhash),
        "whash": hamming(a.whash, b.whash),
    }
    hash_score = max(0.0, 1.0 - distances["phash"] / HASH_ZERO_AT)
    good, inliers = match_keypoints(a, b)
    keypoint_score = min(1.0, max(0.0, (inliers - INLIERS_FLOOR) / (INLIERS_FULL - INLIERS_FLOOR)))
    score = max(hash_score, keypoint_score)
    evidence: dict[str, Any] = {
        "hash_distances": distances,
        "hash_score": round(hash_score, 4),
        "keypoints": [a.keypoint_count, b.keypoint_count],
        "good_matches": good,
        "inliers": inliers,
        "keypoint_score": round(keypoint_score, 4),
        "decided_by": "keypoints" if keypoint_score > hash_score else "hashes",
    }
    zh, en = _explain(score, distances["phash"], inliers)
    return Aspect("image", score, zh, en, evidence)


def _explain(score: float, phash_distance: int, inliers: int) -> tuple[str, str]:
    figures_zh = f"感知哈希距离 {phash_distance}/64，关键点几何一致匹配 {inliers} 个"
    figures_en = (
        f"perceptual-hash distance {phash_distance}/64, "
        f"{inliers} geometrically consistent keypoint matches"
    )
    if score >= 0.75:
        return f"图形高度近似（{figures_zh}）", f"the images are highly similar ({figures_en})"
    if score >= 0.4:
        return f"图形部分近似（{figures_zh}）", f"the images are partly similar ({figures_en})"
    return f"图形不近似（{figures_zh}）", f"the images are not similar ({figures_en})"
