"""The consultant's firm profile: set once, kept in the program's configuration folder in
its own owner-only JSON file (``firm.json``), used by every report's "prepared by" block.

The folder is the one the settings use: ``RISKWIZARD_CONFIG_DIR`` when set, else
``platformdirs.user_config_dir("riskwizard")``. A logo is checked (``check_logo``: PNG or
JPEG, at most ``MAX_LOGO_BYTES``, sensible dimensions, not cut short) before it is stored.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import struct
import zlib
from pathlib import Path

from riskwizard.domain.prepared_by import PreparedBy
from riskwizard.fileio import SETTINGS_JSON, OutputError, write_atomically

FILE_NAME = "firm.json"
FORMAT = 1
MAX_LOGO_BYTES = 1024 * 1024
MIN_LOGO_SIDE = 16
MAX_LOGO_SIDE = 4000
MAX_TEXT = {"firm": 200, "assessor": 200, "credentials": 200, "contact": 500}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


class FirmError(ValueError):
    """A firm profile or logo that cannot be used, said in one line."""


def config_dir() -> Path:
    override = os.environ.get("RISKWIZARD_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("riskwizard"))


def profile_path(folder: Path | None = None) -> Path:
    return (folder or config_dir()) / FILE_NAME


def firm_profile(folder: Path | None = None) -> PreparedBy | None:
    """The firm profile, or None when none was set. Raises ``FirmError`` (one line, naming
    the file) when the file is there but cannot be used."""
    path = profile_path(folder)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FirmError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FirmError(f"{path}: not a firm profile (not valid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FirmError(f"{path}: not a firm profile this version reads")
    fields: dict[str, str] = {}
    for key in MAX_TEXT:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise FirmError(f"{path}: '{key}' must be text")
        fields[key] = value
    logo = None
    if data.get("logo") is not None:
        if not isinstance(data["logo"], str):
            raise FirmError(f"{path}: 'logo' must be base64 text")
        try:
            logo = base64.b64decode(data["logo"], validate=True)
        except (binascii.Error, ValueError):
            raise FirmError(f"{path}: 'logo' is not valid base64") from None
        problem = check_logo(logo)
        if problem:
            raise FirmError(f"{path}: logo: {problem}")
    return PreparedBy(logo=logo, **fields)


def check_profile(profile: PreparedBy) -> str | None:
    """Why the profile cannot be stored (one line, naming the field), or None."""
    for key, most in MAX_TEXT.items():
        value = getattr(profile, key)
        if len(value) > most:
            return f"{key.capitalize()}: at most {most} characters (this has {len(value)})"
        if key != "contact" and ("\n" in value or "\r" in value):
            return f"{key.capitalize()}: one line only"
        if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
            return f"{key.capitalize()}: contains control characters"
    if profile.logo is not None:
        problem = check_logo(profile.logo)
        if problem:
            return f"Logo: {problem}"
    return None


def save_firm_profile(profile: PreparedBy, folder: Path | None = None) -> Path:
    """Store the profile, readable by its owner only, atomically; raises ``FirmError``."""
    problem = check_profile(profile)
    if problem:
        raise FirmError(problem)
    path = profile_path(folder)
    data = {"format": FORMAT, **{k: getattr(profile, k) for k in MAX_TEXT},
            "logo": base64.b64encode(profile.logo).decode("ascii") if profile.logo else None}
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkstemp makes the temporary file 0600, and the rename keeps that mode.
        write_atomically(path, lambda fh: fh.write(payload), SETTINGS_JSON)
        with contextlib.suppress(OSError):  # Windows: the user's profile is private already
            os.chmod(path, 0o600)
    except OSError as exc:
        raise FirmError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    except OutputError as exc:
        raise FirmError(str(exc)) from None
    return path


def clear_firm_profile(folder: Path | None = None) -> None:
    with contextlib.suppress(FileNotFoundError):
        profile_path(folder).unlink()


# ---------------------------------------------------------------- the logo

def read_logo(path: Path) -> bytes:
    """A logo file's bytes once checked; raises ``FirmError`` naming the file and why."""
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise FirmError(f"{path}: {_kb(size)}; a logo may be at most {_kb(MAX_LOGO_BYTES)}")
        raw = path.read_bytes()
    except OSError as exc:
        raise FirmError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    problem = check_logo(raw)
    if problem:
        raise FirmError(f"{path}: {problem}")
    return raw


def check_logo(raw: bytes) -> str | None:
    """Why these bytes cannot be a logo (one line), or None when they are a whole PNG or
    JPEG image of at most ``MAX_LOGO_BYTES`` between 16 and 4000 pixels a side."""
    if len(raw) > MAX_LOGO_BYTES:
        return f"{_kb(len(raw))}; a logo may be at most {_kb(MAX_LOGO_BYTES)}"
    try:
        if raw.startswith(PNG_MAGIC):
            width, height = _png_size(raw)
        elif raw.startswith(JPEG_MAGIC):
            width, height = _jpeg_size(raw)
        else:
            return "not a PNG or JPEG image"
    except _Bad as exc:
        return f"the image is damaged ({exc})"
    for side, value in (("wide", width), ("high", height)):
        if value < MIN_LOGO_SIDE:
            return f"{value} pixels {side}; a logo needs at least {MIN_LOGO_SIDE}"
        if value > MAX_LOGO_SIDE:
            return f"{value} pixels {side}; a logo may be at most {MAX_LOGO_SIDE}"
    return None


def logo_size(raw: bytes) -> tuple[int, int]:
    """Width and height of a logo that passed ``check_logo``."""
    return _png_size(raw) if raw.startswith(PNG_MAGIC) else _jpeg_size(raw)


class _Bad(Exception):
    pass


def _kb(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _png_size(raw: bytes) -> tuple[int, int]:
    """Walk every chunk (checking each CRC) to IEND, and inflate the image data: a PNG cut
    short or altered is refused here, not when the PDF is made."""
    pos, width, height, idat, ended = 8, 0, 0, [], False
    depth = colour = interlace = 0
    while pos < len(raw):
        if pos + 12 > len(raw):
            raise _Bad("cut short")
        length, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        end = pos + 12 + length
        if end > len(raw):
            raise _Bad("cut short")
        body = raw[pos + 8:pos + 8 + length]
        crc, = struct.unpack(">I", raw[end - 4:end])
        if zlib.crc32(kind + body) != crc:
            raise _Bad(f"bad checksum in its {kind.decode('latin-1')} chunk")
        if pos == 8:
            if kind != b"IHDR" or length != 13:
                raise _Bad("no image header")
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if colour not in _CHANNELS or depth not in (1, 2, 4, 8, 16):
                raise _Bad("unknown colour type")
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            ended = True
            break
        pos = end
    if not ended:
        raise _Bad("cut short: no end marker")
    if not idat:
        raise _Bad("no image data")
    if not (MIN_LOGO_SIDE <= width <= MAX_LOGO_SIDE and MIN_LOGO_SIDE <= height <= MAX_LOGO_SIDE):
        return width, height  # the caller says what is wrong with the size
    row = (width * depth * _CHANNELS[colour] + 7) // 8 + 1
    expected = row * height
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(b"".join(idat), expected + 1)
    except zlib.error:
        raise _Bad("its image data cannot be read") from None
    if interlace == 0 and len(data) != expected:
        raise _Bad("its image data is cut short")
    if interlace and len(data) < expected // 4:
        raise _Bad("its image data is cut short")
    return width, height


def _jpeg_size(raw: bytes) -> tuple[int, int]:
    if not raw.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise _Bad("cut short: no end marker")
    pos = 2
    while pos + 4 <= len(raw):
        if raw[pos] != 0xFF:
            raise _Bad("unexpected bytes between its markers")
        marker = raw[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length, = struct.unpack(">H", raw[pos + 2:pos + 4])
        if length < 2 or pos + 2 + length > len(raw):
            raise _Bad("cut short")
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD,
                      0xCE, 0xCF):
            if length < 7:
                raise _Bad("no image size")
            height, width = struct.unpack(">HH", raw[pos + 5:pos + 9])
            return width, height
        if marker == 0xDA:
            break
        pos += 2 + length
    raise _Bad("no image size")
