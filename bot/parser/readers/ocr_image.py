"""A page image made ready for Tesseract: sized, coloured ink removed, lighting evened, straightened.

Pillow only (no OpenCV): each step works on a reduced copy where it can, so a page costs a fraction
of the recognition itself.
- Size: recognition is best with letters about 30 px tall (a page at ~300 dpi). A PDF page is
  rendered at 300 dpi; a photo's resolution is unknown, so its longer side is brought to that of an
  A4 page at 300 dpi (a Telegram photo is at most 1280 px: enlarged about 2.7 times).
- Coloured ink: the red seal and the blue signature sit on top of the signature block and come out
  as garbage words, or worse: Tesseract takes the seal for a picture and skips the lines under it.
  A colour page is made gray by its brightest channel, lifted towards white as far as the pixel is
  saturated and bright (a dark pixel's hue means little): black print stays black, red and blue
  ink turn near white, print under the ink stays dark.
- Lighting: a phone photo is darker at one edge; the background (text removed by a max filter,
  then blurred) is subtracted so one threshold suits the whole page. Tesseract then binarises.
- Skew: the angle whose horizontal projection has the sharpest rows (text lines and the gaps between
  them) is found on a small copy, first coarsely then finely, and the page is turned back.
"""

from __future__ import annotations

import itertools

from PIL import Image, ImageChops, ImageFilter, ImageOps

DPI = 300
_A4_LONG_SIDE = round(29.7 / 2.54 * DPI)  # 3508 px
_MAX_ENLARGE = 3.0
_MAX_SKEW = 8.0
_SKEW_WIDTH = 600  # the small copy the skew is measured on


def prepare(image: Image.Image, *, rendered_at: int | None = None) -> Image.Image:
    """A grayscale page at about DPI. `rendered_at`: the resolution the page was rendered at (PDF);
    None for a photo or scan file whose resolution is not trusted."""
    image = ImageOps.exif_transpose(image)
    image = _without_coloured_ink(image)
    image = _resized(image, rendered_at)
    image = _even_lighting(image)
    angle = skew_angle(image)
    if abs(angle) >= 0.1:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return image


def _without_coloured_ink(image: Image.Image) -> Image.Image:
    if image.mode in ("1", "L", "I", "I;16", "F"):
        return image.convert("L")
    _, saturation, value = image.convert("RGB").convert("HSV").split()  # V = max(R, G, B)
    lift = ImageChops.multiply(ImageChops.multiply(ImageOps.invert(value), saturation), value)
    return ImageChops.add(value, lift)


def _resized(image: Image.Image, rendered_at: int | None) -> Image.Image:
    if rendered_at is not None:
        factor = DPI / rendered_at
    else:
        factor = min(_MAX_ENLARGE, _A4_LONG_SIDE / max(image.size))
    if abs(factor - 1.0) < 0.1:
        return image
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _even_lighting(image: Image.Image) -> Image.Image:
    small = image.reduce(8) if min(image.size) >= 400 else image
    # A max filter wider than a stroke removes the text, leaving the paper's brightness.
    background = small.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.GaussianBlur(6))
    low, high = background.getextrema()
    assert isinstance(low, int) and isinstance(high, int)  # one band ("L")
    if high - low < 40:
        return image  # evenly lit (a scanner, a rendered PDF): nothing to correct
    background = background.resize(image.size, Image.Resampling.BILINEAR)
    # paper - ink, inverted: ink stays dark, paper becomes white wherever the light fell.
    return ImageOps.autocontrast(ImageOps.invert(ImageChops.subtract(background, image)), cutoff=1)


def skew_angle(image: Image.Image) -> float:
    """Degrees to turn the page (counter-clockwise) to make its text lines horizontal."""
    width = min(_SKEW_WIDTH, image.width)
    small = image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.BOX)
    ink = ImageOps.invert(small.point(lambda p: 0 if p < 160 else 255))

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0)
        # One column of row means: the horizontal projection profile.
        rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
        return float(sum((b - a) ** 2 for a, b in itertools.pairwise(rows)))

    best = max((a / 2 for a in range(int(-2 * _MAX_SKEW), int(2 * _MAX_SKEW) + 1)), key=sharpness)
    fine = max((best + step / 10 for step in range(-5, 6)), key=sharpness)
    return round(fine, 1)
