#!/usr/bin/env python3
"""Writes the Inkscape documents of this folder, as Inkscape 1.2 saves them.

One cover design (The Salt Road, 6 x 9 in, 300 pages on white; podcover's sample book) at
the sizes a designer types into Inkscape's Document Properties from the printer's
calculator, in the user units Inkscape writes for each display unit (mm, in, px at 96/in).
Run by make-vector.sh; the SVGs it writes are committed, so that they can be opened and
exported again in Inkscape by hand.
"""
import base64
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# What KDP's calculator shows for the book (0.001 in; podcover spec: 12.9256 x 9.25, spine
# 0.6756) and IngramSpark's (12.879 x 9.25, spine 0.629).
KDP = dict(width=12.926, height=9.25, spine=0.6756)
INGRAM = dict(width=12.879, height=9.25, spine=0.629)
TRIM_W, TRIM_H, BLEED = 6.0, 9.0, 0.125

UNITS = {"mm": 25.4, "in": 1.0, "px": 96.0}

BACK_COPY = [
    "When the salt caravans stop coming, Mara walks the old",
    "road alone: past the dry wells, the stone markers and",
    "the towns that forgot her father's name. What she finds",
    "at its end will change the coast forever.",
    "",
    "A story of distance, water and the people who carry",
    "both, from the author of The Tide Tables.",
]


def fmt(v):
    s = f"{v:.5f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


class Doc:
    def __init__(self, unit, sheet_w_in, sheet_h_in):
        self.unit = unit
        self.k = UNITS[unit]
        self.w = sheet_w_in
        self.h = sheet_h_in
        self.items = []
        self.defs = []

    def u(self, inches):
        return fmt(inches * self.k)

    def pt(self, points):
        return fmt(points / 72.0 * self.k)

    def image(self, href, x, y, w, h, ident):
        self.items.append(
            f'    <image id="{ident}" x="{self.u(x)}" y="{self.u(y)}" width="{self.u(w)}" '
            f'height="{self.u(h)}" preserveAspectRatio="none" '
            f'style="image-rendering:optimizeQuality" xlink:href="{href}" />')

    def rect(self, x, y, w, h, fill, ident):
        self.items.append(
            f'    <rect id="{ident}" x="{self.u(x)}" y="{self.u(y)}" width="{self.u(w)}" '
            f'height="{self.u(h)}" style="fill:{fill};fill-opacity:1;stroke:none" />')

    def text(self, lines, x, y, size_pt, family, weight="normal", style="normal",
             anchor="start", fill="#f6efe2", leading=1.25, ident="text", transform=None):
        align = {"start": "start", "middle": "center", "end": "end"}[anchor]
        css = (f"font-style:{style};font-weight:{weight};font-size:{self.pt(size_pt)}"
               f"px;line-height:{leading};"
               f"font-family:'{family}';text-align:{align};text-anchor:{anchor};"
               f"fill:{fill};fill-opacity:1;stroke:none")
        tr = f' transform="{transform}"' if transform else ""
        spans = []
        for i, line in enumerate(lines):
            ly = y + i * size_pt * leading / 72.0
            spans.append(f'<tspan sodipodi:role="line" id="{ident}-{i}" x="{self.u(x)}" '
                         f'y="{self.u(ly)}">{line}</tspan>')
        self.items.append(f'    <text xml:space="preserve" id="{ident}" x="{self.u(x)}" '
                          f'y="{self.u(y)}" style="{css}"{tr}>' + "".join(spans) + "</text>")

    def write(self, name):
        if self.unit == "px":
            size = f'width="{fmt(self.w * 96)}" height="{fmt(self.h * 96)}"'
        else:
            size = f'width="{fmt(self.w * self.k)}{self.unit}" height="{fmt(self.h * self.k)}{self.unit}"'
        svg = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->

<svg
   {size}
   viewBox="0 0 {fmt(self.w * self.k)} {fmt(self.h * self.k)}"
   version="1.1"
   id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)"
   sodipodi:docname="{name}"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg">
  <sodipodi:namedview
     id="namedview7"
     pagecolor="#ffffff"
     bordercolor="#000000"
     inkscape:document-units="{self.unit}" />
  <defs
     id="defs2">
{chr(10).join(self.defs)}
  </defs>
  <g
     inkscape:label="Layer 1"
     inkscape:groupmode="layer"
     id="layer1">
{chr(10).join(self.items)}
  </g>
</svg>
"""
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            f.write(svg)


def effects(d, front_x, oy):
    """What designers add in Inkscape: a half-transparent band behind the title, a blurred
    drop shadow under it (Filters > Shadows and Glows), and a gradient fading to transparent
    over the back's foot."""
    d.defs.append(
        '    <filter id="shadow" style="color-interpolation-filters:sRGB" x="-0.1" y="-0.3" '
        'width="1.2" height="1.6"><feGaussianBlur stdDeviation="' + d.u(0.03) + '" /></filter>')
    d.defs.append(
        '    <linearGradient id="fade" x1="0" y1="0" x2="0" y2="1" '
        'gradientUnits="objectBoundingBox"><stop offset="0" style="stop-color:#1f2a3a;'
        'stop-opacity:0" /><stop offset="1" style="stop-color:#1f2a3a;stop-opacity:0.8" />'
        '</linearGradient>')
    d.items.append(
        f'    <rect id="band" x="{d.u(front_x)}" y="{d.u(oy + 1.45)}" width="{d.u(6.0)}" '
        f'height="{d.u(1.55)}" style="fill:#000000;fill-opacity:0.45;stroke:none" />')
    d.items.append(
        f'    <rect id="back-fade" x="{d.u(0)}" y="{d.u(oy + 6.0)}" width="{d.u(6.125)}" '
        f'height="{d.u(3.25)}" style="fill:url(#fade);stroke:none" />')
    d.items.append(
        f'    <text xml:space="preserve" id="title-shadow" x="{d.u(front_x + 3.0 + 0.03)}" '
        f'y="{d.u(oy + 2.2 + 0.03)}" style="font-weight:bold;'
        f'font-size:{d.pt(46)}px;font-family:\'EB Garamond\';text-anchor:middle;'
        f'fill:#000000;fill-opacity:0.7;filter:url(#shadow)"><tspan sodipodi:role="line" '
        f'x="{d.u(front_x + 3.0 + 0.03)}" y="{d.u(oy + 2.2 + 0.03)}">The Salt Road</tspan></text>')


def cover(unit, book, art_href, *, barcode_box=False, trim_only=False, art_w=12.95,
          with_effects=False, copy_y=1.2, copy_x=0.5, spine_shift=0.0, stars=False):
    """The sample book's cover. trim_only: the page is trim + spine (the bleed forgotten),
    the art still drawn over the bleed's place, outside the page."""
    sheet_w, sheet_h = book["width"], book["height"]
    ox = oy = 0.0
    if trim_only:
        sheet_w -= 2 * BLEED
        sheet_h -= 2 * BLEED
        ox = oy = -BLEED
    d = Doc(unit, sheet_w, sheet_h)
    spine_x = ox + BLEED + TRIM_W
    front_x = spine_x + book["spine"]
    d.image(art_href, ox, oy, art_w, 9.25, "wrap")
    if barcode_box:
        # KDP's barcode area (podcover spec: 2 x 1.2 in, 0.25 in from the spine fold and
        # above the bottom trim), left blank in white as designers do.
        d.rect(spine_x - 0.25 - 2.0, oy + BLEED + TRIM_H - 0.25 - 1.2, 2.0, 1.2, "#ffffff",
               "barcode-box")
    if with_effects:
        effects(d, front_x, oy)
    # Front: inside IngramSpark's 0.25 in safe margin (the wider of the two).
    fcx = front_x + TRIM_W / 2
    d.text(["The Salt Road"], fcx, oy + 2.2, 46, "EB Garamond", weight="bold",
           anchor="middle", ident="title")
    d.text(["A Novel"], fcx, oy + 2.75, 18, "EB Garamond", style="italic", anchor="middle",
           ident="subtitle")
    d.text(["Ann Author"], fcx, oy + 8.3, 20, "EB Garamond", anchor="middle", ident="author")
    # Spine, top to bottom: rotate(90) maps (x, y) to (-y, x); the baseline sits a third of
    # the size left of the spine's centre, so that the capitals are centred on it.
    scx = spine_x + book["spine"] / 2 + spine_shift
    size = 14
    if stars:
        # No spine text: a sky of small stars over the whole cover, the spine and its folds
        # included, drawn as paths.
        for i in range(60):
            x = ox + (i * 0.937) % 12.9
            y = oy + 0.2 + (i * 0.613) % 4.0
            r = 0.02 + (i % 3) * 0.015
            d.items.append(f'    <circle id="star-{i}" cx="{d.u(x)}" cy="{d.u(y)}" '
                           f'r="{d.u(r)}" style="fill:#fff6d5;stroke:none" />')
        for i in range(8):
            d.items.append(f'    <circle id="spine-star-{i}" cx="{d.u(spine_x + (i % 4) * 0.22)}" '
                           f'cy="{d.u(oy + 0.6 + i * 0.5)}" r="{d.u(0.03)}" '
                           f'style="fill:#fff6d5;stroke:none" />')
    else:
        d.text(["THE SALT ROAD  ·  ANN AUTHOR"], oy + BLEED + TRIM_H / 2, -(scx - size / 72 / 3),
               size, "EB Garamond", weight="bold", anchor="middle", ident="spine",
               transform="rotate(90)")
    # Back copy, above the barcode area, and the publisher's line at the foot, left.
    d.text(BACK_COPY, ox + BLEED + copy_x, oy + copy_y, 12, "EB Garamond", ident="copy")
    d.text(["examplepress.example"], ox + BLEED + 0.5, oy + BLEED + TRIM_H - 0.55, 9, "Lato",
           ident="footer")
    return d


def tight(unit, book, art_href, title_gap=0.05):
    """Type set as close to KDP's safe lines (0.125 in inside the trim) as a designer dares,
    in Lato, whose fonts declare an ascent and descent far beyond their glyphs: the title's
    capitals title_gap (0.05 in) below the top safe line, the author's 0.02 in above the bottom one, the
    spine's a little inside its clearance."""
    d = Doc(unit, book["width"], book["height"])
    spine_x = BLEED + TRIM_W
    front_x = spine_x + book["spine"]
    d.image(art_href, 0, 0, 12.95, 9.25, "wrap")
    cap = 0.7165  # Lato's capital height, em
    title_pt, author_pt = 54, 28
    fcx = front_x + TRIM_W / 2
    d.text(["THE SALT ROAD"], fcx, 0.25 + title_gap + cap * title_pt / 72, title_pt, "Lato",
           weight="900", anchor="middle", ident="title")
    d.text(["ANN AUTHOR"], fcx, BLEED + TRIM_H - 0.125 - 0.02, author_pt, "Lato",
           weight="bold", anchor="middle", ident="author")
    scx = spine_x + book["spine"] / 2
    size = 26  # capitals 0.26 in high in a 0.5506 in spine-text area
    d.text(["THE SALT ROAD"], BLEED + TRIM_H / 2, -(scx - cap * size / 72 / 2), size, "Lato",
           weight="900", anchor="middle", ident="spine", transform="rotate(90)")
    d.text(BACK_COPY, BLEED + 0.2, 0.25 + 0.02 + cap * 12 / 72, 12, "Lato", ident="copy")
    return d


def on_guide(guide_svg, hidden):
    """The cover designed on podcover's guide layer for KDP (podcover-guide.kdp.svg, from
    `podcover template --trim 6x9in --pages 300 --paper white --printer kdp`), opened in
    Inkscape: the artwork in a layer of its own under the guide's locked layers, which are
    hidden before export (as the guide says), or forgotten."""
    with open(os.path.join(HERE, guide_svg), encoding="utf-8") as f:
        guide = f.read()
    art = cover("in", dict(KDP, width=12.9256), "art-300.jpg")
    layer = ('<g id="artwork" inkscape:groupmode="layer" inkscape:label="Artwork">\n' +
             "\n".join(art.items) + "\n</g>\n")
    guide = guide.replace('xmlns="http://www.w3.org/2000/svg"',
                          'xmlns="http://www.w3.org/2000/svg" '
                          'xmlns:xlink="http://www.w3.org/1999/xlink"', 1)
    first_layer = guide.index('<g id="out-of-live"')
    guide = guide[:first_layer] + layer + guide[first_layer:]
    if hidden:
        guide = guide.replace('sodipodi:insensitive="true">',
                              'sodipodi:insensitive="true" style="display:none">')
    return guide


def main():
    art = "art-300.jpg"
    with open(os.path.join(HERE, art), "rb") as f:
        embedded = "data:image/jpeg;base64," + base64.b64encode(f.read()).decode("ascii")
    cover("mm", KDP, art).write("inkscape-kdp-mm.svg")
    cover("px", KDP, embedded).write("inkscape-kdp-px-embedded.svg")
    cover("in", KDP, art, barcode_box=True).write("inkscape-kdp-in-barcode-box.svg")
    cover("mm", KDP, art, trim_only=True).write("inkscape-kdp-trim-only.svg")
    cover("mm", INGRAM, art).write("inkscape-ingramspark-mm.svg")
    cover("mm", KDP, art, with_effects=True).write("inkscape-kdp-mm-effects.svg")
    # The spine's lettering 0.3 in off centre, over the back cover's fold.
    cover("mm", KDP, art, spine_shift=-0.3).write("inkscape-kdp-mm-spine-off.svg")
    # No spine text; small stars drawn as circles over the sky, the spine's folds included.
    cover("mm", KDP, art, stars=True).write("inkscape-kdp-mm-stars.svg")
    tight("mm", KDP, art).write("inkscape-kdp-mm-tight.svg")
    # The same with the title's capitals 0.06 in above the safe line: over it.
    tight("mm", KDP, art, title_gap=-0.06).write("inkscape-kdp-mm-tight-over.svg")
    for hidden, name in ((True, "inkscape-kdp-guide-hidden.svg"),
                         (False, "inkscape-kdp-guide-visible.svg")):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            f.write(on_guide("podcover-guide.kdp.svg", hidden))
    # The back copy set low, running into KDP's barcode area (a mistake: KDP prints over it).
    cover("mm", KDP, art, copy_y=7.1, copy_x=1.2).write("inkscape-kdp-mm-copy-low.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
