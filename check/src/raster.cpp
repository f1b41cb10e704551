#include "podcover/check/raster.hpp"

#include <zbar.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace podcover::check {

// Compiled as C++, zbar.h declares its C API inside namespace zbar.
using namespace zbar;

namespace {

// ---------------------------------------------------------------------------------------------
// Raster checks and pixel <-> inch conversion

void validate(const Raster& raster) {
    if (raster.width < 0 || raster.height < 0)
        throw std::invalid_argument("raster: size " + std::to_string(raster.width) + " x " +
                                    std::to_string(raster.height) +
                                    " pixels is negative; give a width and height of 0 or more");
    if (!(raster.pixels_per_inch > 0) || !std::isfinite(raster.pixels_per_inch))
        throw std::invalid_argument("raster: resolution " + std::to_string(raster.pixels_per_inch) +
                                    " pixels per inch is not positive; give the resolution the "
                                    "page was rendered at");
    const std::size_t expected =
        static_cast<std::size_t>(raster.width) * static_cast<std::size_t>(raster.height) * 3;
    if (raster.rgb.size() != expected)
        throw std::invalid_argument("raster: " + std::to_string(raster.rgb.size()) +
                                    " bytes of RGB for " + std::to_string(raster.width) + " x " +
                                    std::to_string(raster.height) + " pixels, which take " +
                                    std::to_string(expected) + "; give 3 bytes per pixel");
}

// The first pixel index whose centre (index + 0.5) / ppi lies at or beyond `edge`: the
// smallest i with i >= edge * ppi - 0.5. A value within a millionth of a pixel of a whole
// number is taken as that number, so that an edge exactly on a pixel centre (0.125 in at
// 100 ppi) belongs to the span on its right and not, through rounding in edge.in(), to both
// or neither of two neighbouring spans.
long long first_centre_at_or_after(Length edge, double pixels_per_inch) {
    const double position = edge.in() * pixels_per_inch - 0.5;
    const double nearest = std::round(position);
    const double index = std::abs(position - nearest) < 1e-6 ? nearest : std::ceil(position);
    // Clamp before converting: a far-away edge (Length spans +/- 8 million inches) must not
    // overflow the integer.
    constexpr double limit = 1e15;
    return static_cast<long long>(std::clamp(index, -limit, limit));
}

int clamp_index(long long index, int size) {
    return static_cast<int>(std::clamp<long long>(index, 0, size));
}

// Pixel index to the length of its left (or top) edge from the raster's origin. Computed in
// long double so that index * units_per_in is exact; at a resolution that divides
// units_per_in (36, 50, 72, 100, 150, 300 ppi ...) the result is exact.
Length pixel_edge(long long index, double pixels_per_inch) {
    const long double units = static_cast<long double>(index) *
                              static_cast<long double>(Length::units_per_in) /
                              static_cast<long double>(pixels_per_inch);
    return Length::from_units(std::llround(units));
}

std::size_t span_width(const Raster::Span& span) {
    return span.empty() ? 0 : static_cast<std::size_t>(span.x1 - span.x0);
}

std::size_t span_height(const Raster::Span& span) {
    return span.empty() ? 0 : static_cast<std::size_t>(span.y1 - span.y0);
}

// ---------------------------------------------------------------------------------------------
// Contrast
//
// The contrast between two pixels is the largest of the differences in Rec. 709 Y' (luma),
// Cb and Cr, with Cb = (B' - Y') / 1.8556 and Cr = (R' - Y') / 1.5748 (ITU-R BT.709-6,
// items 3.2 to 3.4). Why these three rather than the RGB channels:
//  - a red/green or blue/yellow edge of equal lightness differs in Cr or Cb, so colour edges
//    count (red 255,0,0 against green 0,76,0: luma 54 against 54, Cr 128 against -34);
//  - each of Y', Cb and Cr is a combination of R', G', B' whose coefficients' absolute values
//    add up to exactly 1 (that is what the 1.8556 and 1.5748 normalise), so no component
//    differs by more than the largest channel difference: noise of +/-a per channel moves
//    each component by at most 2a between two pixels. With the default threshold of 48 (a
//    pixel is busy when its contrast exceeds it), independent noise of up to +/-24 levels per
//    channel (a grainy photograph, a scan) can never make a pixel busy;
//  - JPEG (JFIF) quantises a similar Y, Cb, Cr (with BT.601 weights) each on its own, so its
//    block and ringing artefacts are small steps in each component, not summed into one
//    channel.
// A pure-channel edge still registers at half its size or more (R alone: Cr = 0.5 dR), so
// 48 catches any edge of about 96 levels in one channel or 48 in lightness.
//
// Why 48 (the header's default): text is drawn to contrast with its ground. The stems of
// 6 pt text at 100 ppi are about 0.7 px wide, so each covers at least 35% of some pixel:
// black text on white still leaves a step of about 90 levels; mid-grey text on white (luma
// 128 against 255) keeps a step above 48 down to a coverage of about 40%. Smooth gradients
// change by a few levels per pixel (black to white over a quarter of an inch at 100 ppi is
// 10 per pixel). With Gaussian noise of sd 10 per channel, the luma difference of two
// pixels has an sd of 10.6 and 48 is 4.5 of those: about one pixel pair in 100,000.
int pair_contrast(const std::uint8_t* a, const std::uint8_t* b) {
    const double dr = static_cast<double>(a[0]) - static_cast<double>(b[0]);
    const double dg = static_cast<double>(a[1]) - static_cast<double>(b[1]);
    const double db = static_cast<double>(a[2]) - static_cast<double>(b[2]);
    const double dy = 0.2126 * dr + 0.7152 * dg + 0.0722 * db;
    const double dcb = (db - dy) / 1.8556;
    const double dcr = (dr - dy) / 1.5748;
    const double largest = std::max({std::abs(dy), std::abs(dcb), std::abs(dcr)});
    return static_cast<int>(std::lround(largest));
}

// The local contrast of every pixel of a non-empty span, row by row: the largest contrast to
// a 4-neighbour inside the span (0 to 255).
std::vector<std::uint8_t> local_contrast(const Raster& raster, const Raster::Span& span) {
    const std::size_t width = span_width(span);
    const std::size_t height = span_height(span);
    std::vector<std::uint8_t> contrast(width * height, 0);
    for (int y = span.y0; y < span.y1; ++y) {
        const std::size_t row = static_cast<std::size_t>(y - span.y0) * width;
        for (int x = span.x0; x < span.x1; ++x) {
            const std::size_t here = row + static_cast<std::size_t>(x - span.x0);
            const std::uint8_t* pixel = raster.pixel(x, y);
            // Each pair is measured once, from its left or upper pixel, and counts for both.
            if (x + 1 < span.x1) {
                const auto c =
                    static_cast<std::uint8_t>(pair_contrast(pixel, raster.pixel(x + 1, y)));
                contrast[here] = std::max(contrast[here], c);
                contrast[here + 1] = std::max(contrast[here + 1], c);
            }
            if (y + 1 < span.y1) {
                const auto c =
                    static_cast<std::uint8_t>(pair_contrast(pixel, raster.pixel(x, y + 1)));
                contrast[here] = std::max(contrast[here], c);
                contrast[here + width] = std::max(contrast[here + width], c);
            }
        }
    }
    return contrast;
}

// The default contrast threshold of measure_detail, also used by find_plain_area (which has
// no threshold parameter): see pair_contrast for why 48.
constexpr int detail_threshold = default_contrast_threshold;

// Paper white: what Poppler paints where the page has no ink is 255,255,255; anti-aliasing
// and JPEG compression move it by a few levels. A lightness of 245 or more with channels
// within 10 levels of each other allows for that while a pale tint a designer chose (a cream
// of 255,250,230, a pale sky of 235,245,255) is art, not paper.
bool is_paper_white(const std::uint8_t* pixel) {
    const auto [low, high] = std::minmax({pixel[0], pixel[1], pixel[2]});
    return lightness(pixel) >= 245 && high - low <= 10;
}

// ---------------------------------------------------------------------------------------------
// zbar handles

struct ZbarImageDeleter {
    void operator()(zbar_image_t* image) const { zbar_image_destroy(image); }
};
struct ZbarScannerDeleter {
    void operator()(zbar_image_scanner_t* scanner) const { zbar_image_scanner_destroy(scanner); }
};
using ZbarImage = std::unique_ptr<zbar_image_t, ZbarImageDeleter>;
using ZbarScanner = std::unique_ptr<zbar_image_scanner_t, ZbarScannerDeleter>;

// zbar's fourcc for 8-bit grey, spelled out (zbar_fourcc() is a macro of C casts).
constexpr unsigned long fourcc(char a, char b, char c, char d) {
    return static_cast<unsigned long>(static_cast<unsigned char>(a)) |
           static_cast<unsigned long>(static_cast<unsigned char>(b)) << 8 |
           static_cast<unsigned long>(static_cast<unsigned char>(c)) << 16 |
           static_cast<unsigned long>(static_cast<unsigned char>(d)) << 24;
}

void configure(zbar_image_scanner_t* scanner, zbar_symbol_type_t symbology, int value) {
    if (zbar_image_scanner_set_config(scanner, symbology, ZBAR_CFG_ENABLE, value) != 0)
        throw std::runtime_error(std::string("zbar: cannot ") + (value ? "enable " : "disable ") +
                                 zbar_get_symbol_name(symbology));
}

ZbarScanner make_ean_scanner() {
    ZbarScanner scanner(zbar_image_scanner_create());
    if (!scanner)
        throw std::bad_alloc();
    // Everything off (symbology 0 is all of them), then only what a book's back cover
    // carries: the EAN-13 and the EAN-5 price add-on. ISBN-13 stays off, so that the main
    // symbol is reported as "EAN-13" and not renamed by its 978/979 prefix. The composite
    // switch makes zbar 0.23 join an EAN-13 and an add-on found together into one
    // ZBAR_COMPOSITE symbol (img_scanner.c, _zbar_scan_image); find_barcodes reports its
    // components, so both settings give the same answer.
    configure(scanner.get(), ZBAR_NONE, 0);
    configure(scanner.get(), ZBAR_EAN13, 1);
    configure(scanner.get(), ZBAR_EAN5, 1);
    configure(scanner.get(), ZBAR_COMPOSITE, 1);
    return scanner;
}

// The box of a symbol's location points, in raster inches; the whole span when zbar gives
// none. zbar's points are not an outline but the places where a scan line completed the
// symbol (zbar.h, zbar_symbol_get_loc_size): for a bar code read along the rows, its end on
// every row that read it. So the box spans the bars' height, and their width only when they
// were read in both directions: an EAN-13 is, an add-on only left to right (decoder/ean.c:
// "add-on has no guard in reverse"), so its box is the column of its right end.
Rect symbol_box(const Raster& raster, const Raster::Span& span, const zbar_symbol_t* symbol) {
    const unsigned points = zbar_symbol_get_loc_size(symbol);
    if (points == 0)
        return raster.area(span);
    int left = std::numeric_limits<int>::max();
    int top = std::numeric_limits<int>::max();
    int right = std::numeric_limits<int>::min();
    int bottom = std::numeric_limits<int>::min();
    for (unsigned i = 0; i < points; ++i) {
        const int x = zbar_symbol_get_loc_x(symbol, i);
        const int y = zbar_symbol_get_loc_y(symbol, i);
        left = std::min(left, x);
        top = std::min(top, y);
        right = std::max(right, x + 1);  // a point is a pixel: it covers [x, x + 1)
        bottom = std::max(bottom, y + 1);
    }
    Raster::Span box{std::clamp(span.x0 + left, span.x0, span.x1),
                     std::clamp(span.y0 + top, span.y0, span.y1),
                     std::clamp(span.x0 + right, span.x0, span.x1),
                     std::clamp(span.y0 + bottom, span.y0, span.y1)};
    return raster.area(box);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Raster

// A pixel belongs to the span of an area when its centre lies inside the area, left and top
// edges included, right and bottom edges excluded. So areas that tile the sheet (the layout's
// regions) give spans that tile the raster, with no pixel counted twice or lost, and a band
// narrower than a pixel still gets the pixel whose centre it holds.
Raster::Span Raster::span(const Rect& area) const {
    validate(*this);
    Span result{clamp_index(first_centre_at_or_after(area.left(), pixels_per_inch), width),
                clamp_index(first_centre_at_or_after(area.top(), pixels_per_inch), height),
                clamp_index(first_centre_at_or_after(area.right(), pixels_per_inch), width),
                clamp_index(first_centre_at_or_after(area.bottom(), pixels_per_inch), height)};
    result.x1 = std::max(result.x1, result.x0);
    result.y1 = std::max(result.y1, result.y0);
    return result;
}

// The pixels' own extent: [x0, x1) pixels wide from x0's left edge. span(area(s)) == s.
Rect Raster::area(const Span& pixels) const {
    validate(*this);
    return Rect::from_edges(pixel_edge(pixels.x0, pixels_per_inch),
                            pixel_edge(pixels.y0, pixels_per_inch),
                            pixel_edge(std::max(pixels.x1, pixels.x0), pixels_per_inch),
                            pixel_edge(std::max(pixels.y1, pixels.y0), pixels_per_inch));
}

// Rec. 709 luma, Y' = 0.2126 R' + 0.7152 G' + 0.0722 B' (ITU-R BT.709-6, item 3.2), on the
// gamma-encoded values as rendered, rounded to the nearest level.
int lightness(const std::uint8_t* pixel) {
    return (2126 * pixel[0] + 7152 * pixel[1] + 722 * pixel[2] + 5000) / 10000;
}

// ---------------------------------------------------------------------------------------------
// Detail

// `strongest` is the largest local contrast in the area, whether or not it exceeds the
// threshold, so that a caller can say how close a quiet area came. An area that covers no
// pixel has no detail.
Detail measure_detail(const Raster& raster, const Rect& area, int threshold) {
    validate(raster);
    const Raster::Span span = raster.span(area);
    if (span.empty())
        return Detail{};
    const std::vector<std::uint8_t> contrast = local_contrast(raster, span);
    std::size_t busy = 0;
    int strongest = 0;
    for (const std::uint8_t c : contrast) {
        if (c > threshold)
            ++busy;
        strongest = std::max<int>(strongest, c);
    }
    return Detail{static_cast<double>(busy) / static_cast<double>(contrast.size()), strongest};
}

// An area that covers no pixel has no white: 0.
double white_share(const Raster& raster, const Rect& area) {
    validate(raster);
    const Raster::Span span = raster.span(area);
    if (span.empty())
        return 0;
    std::size_t white = 0;
    for (int y = span.y0; y < span.y1; ++y) {
        for (int x = span.x0; x < span.x1; ++x) {
            if (is_paper_white(raster.pixel(x, y)))
                ++white;
        }
    }
    return static_cast<double>(white) / static_cast<double>(span_width(span) * span_height(span));
}

// ---------------------------------------------------------------------------------------------
// Vertical edges

// A row changes sharply at boundary b (between pixel columns b - 1 and b) when the two
// pixels differ by the threshold or more. A rendered edge that does not fall on a pixel
// boundary leaves one pixel mixed from both colours, splitting the step in two parts that
// may each be under the threshold; such a row counts at the boundary with the larger part
// (the one nearer the true edge), when the pixels on either side of the mixed one differ by
// the threshold. The boundary hit by the most rows wins; between equal counts, the one with
// the larger summed step, then the leftmost.
std::optional<Edge> find_vertical_edge(const Raster& raster, const Rect& band, double min_share,
                                       int threshold) {
    validate(raster);
    const Raster::Span span = raster.span(band);
    const std::size_t columns = span_width(span);
    if (span.empty() || columns < 2)
        return std::nullopt;

    // Boundary b - x0 for b in (x0, x1); index 0 is unused (the band's left edge).
    std::vector<int> hits(columns, 0);
    std::vector<long long> strength(columns, 0);
    std::vector<int> step(columns, 0);  // step[i]: columns x0 + i - 1 | x0 + i
    std::vector<int> wide(columns, 0);  // wide[i]: columns x0 + i - 1 | x0 + i + 1
    for (int y = span.y0; y < span.y1; ++y) {
        for (std::size_t i = 1; i < columns; ++i) {
            const int x = span.x0 + static_cast<int>(i);
            step[i] = pair_contrast(raster.pixel(x - 1, y), raster.pixel(x, y));
            wide[i] =
                i + 1 < columns ? pair_contrast(raster.pixel(x - 1, y), raster.pixel(x + 1, y)) : 0;
        }
        for (std::size_t i = 1; i < columns; ++i) {
            bool sharp = step[i] >= threshold;
            // Pixel x0 + i is mixed, this boundary is its left side.
            if (!sharp && i + 1 < columns && wide[i] >= threshold && step[i] >= step[i + 1])
                sharp = true;
            // Pixel x0 + i - 1 is mixed, this boundary is its right side.
            if (!sharp && i >= 2 && wide[i - 1] >= threshold && step[i] > step[i - 1])
                sharp = true;
            if (sharp) {
                ++hits[i];
                strength[i] += step[i];
            }
        }
    }

    std::size_t best = 0;
    for (std::size_t i = 1; i < columns; ++i) {
        if (best == 0 || hits[i] > hits[best] ||
            (hits[i] == hits[best] && strength[i] > strength[best]))
            best = i;
    }
    const double share = static_cast<double>(hits[best]) / static_cast<double>(span_height(span));
    if (hits[best] == 0 || share < min_share)
        return std::nullopt;
    return Edge{pixel_edge(span.x0 + static_cast<long long>(best), raster.pixels_per_inch), share};
}

// ---------------------------------------------------------------------------------------------
// Plain areas

// A window is `size` rounded up to whole pixels, so the pixels checked cover the window
// returned. Its busy pixels are counted in O(1) from a summed-area table of the area's busy
// mask, so every pixel position is tried: about a million at 150 ppi on a 6 x 9 in back
// cover. Local contrast is measured over the whole area, so a window's border pixels count
// as busy when they differ from their neighbour just outside: a barcode box is not placed
// flush against text. The window returned is exactly `size`, at the chosen pixel position,
// moved (by less than a pixel) to lie inside `area` when the area's edges are not on pixel
// boundaries.
std::optional<Rect> find_plain_area(const Raster& raster, const Rect& area, const Size& size,
                                    double max_busy_share) {
    validate(raster);
    if (size.width <= Length() || size.height <= Length())
        throw std::invalid_argument("find_plain_area: window size " + size.format(Unit::in, 4) +
                                    " is not positive; give a width and height above 0");
    if (size.width > area.width || size.height > area.height)
        return std::nullopt;
    const Raster::Span span = raster.span(area);
    if (span.empty())
        return std::nullopt;

    const double ppi = raster.pixels_per_inch;
    const auto window_pixels = [ppi](Length length) {
        return static_cast<long long>(std::ceil(length.in() * ppi - 1e-6));
    };
    const long long window_width = window_pixels(size.width);
    const long long window_height = window_pixels(size.height);
    const auto width = static_cast<long long>(span_width(span));
    const auto height = static_cast<long long>(span_height(span));
    if (window_width > width || window_height > height)
        return std::nullopt;

    // sums[(y) * (width + 1) + x]: busy pixels above and left of (x, y).
    const std::vector<std::uint8_t> contrast = local_contrast(raster, span);
    const auto stride = static_cast<std::size_t>(width + 1);
    std::vector<std::int32_t> sums(stride * static_cast<std::size_t>(height + 1), 0);
    for (long long y = 0; y < height; ++y) {
        std::int32_t row_busy = 0;
        for (long long x = 0; x < width; ++x) {
            const auto at = static_cast<std::size_t>(y * width + x);
            row_busy += contrast[at] > detail_threshold ? 1 : 0;
            const auto below =
                static_cast<std::size_t>(y + 1) * stride + static_cast<std::size_t>(x + 1);
            sums[below] = sums[below - stride] + row_busy;
        }
    }
    const auto sum_at = [&](long long x, long long y) {
        return sums[static_cast<std::size_t>(y) * stride + static_cast<std::size_t>(x)];
    };

    const auto allowed = static_cast<std::int64_t>(
        std::floor(max_busy_share * static_cast<double>(window_width * window_height) + 1e-9));
    std::optional<std::pair<long long, long long>> best;
    long long best_distance = std::numeric_limits<long long>::max();
    for (long long y = height - window_height; y >= 0; --y) {
        const long long dy = height - window_height - y;
        if (dy * dy >= best_distance)
            break;  // every later row is farther from the bottom-right corner
        for (long long x = width - window_width; x >= 0; --x) {
            const long long dx = width - window_width - x;
            const long long distance = dx * dx + dy * dy;
            if (distance >= best_distance)
                break;
            const std::int64_t busy = sum_at(x + window_width, y + window_height) -
                                      sum_at(x, y + window_height) - sum_at(x + window_width, y) +
                                      sum_at(x, y);
            if (busy <= allowed) {
                best = std::pair{x, y};
                best_distance = distance;
            }
        }
    }
    if (!best)
        return std::nullopt;

    const Length left =
        std::clamp(pixel_edge(span.x0 + best->first, ppi), area.left(), area.right() - size.width);
    const Length top = std::clamp(pixel_edge(span.y0 + best->second, ppi), area.top(),
                                  area.bottom() - size.height);
    return Rect{left, top, size.width, size.height};
}

// ---------------------------------------------------------------------------------------------
// Barcodes

// zbar scans the area's lightness (8-bit grey, "Y800") along every row and column. An
// EAN-13 and its add-on found together come back as one composite symbol; its components
// are reported, each with its own box. Results are sorted left to right.
//
// A second pass scans the same pixels thresholded to black and white at mid-grey. zbar
// accepts an add-on only when the light space after its last bar is at least 3/4 of the
// last character's 7 modules (zbar 0.23, decoder/ean.c, decode_pass: `qz >= s * 3 / 4`), so
// 5.25 modules, where GS1 asks for 5 (General Specifications 5.2.3.4, as
// render/src/barcode.cpp cites it). A barcode box drawn to GS1's minimum, as podcover's is,
// ends a quarter module too early for zbar wherever the box's edge shows in the grey image:
// against a background even as light as lightness 230, the add-on is lost. Thresholding
// makes a light background the same white as the box, as a scanner's own light/dark
// decision would; against a dark background the add-on stays unread.
std::vector<FoundBarcode> find_barcodes(const Raster& raster, const Rect& area) {
    validate(raster);
    const Raster::Span span = raster.span(area);
    if (span.empty())
        return {};
    const std::size_t width = span_width(span);
    const std::size_t height = span_height(span);
    std::vector<std::uint8_t> grey(width * height);
    for (int y = span.y0; y < span.y1; ++y) {
        for (int x = span.x0; x < span.x1; ++x) {
            grey[static_cast<std::size_t>(y - span.y0) * width +
                 static_cast<std::size_t>(x - span.x0)] =
                static_cast<std::uint8_t>(lightness(raster.pixel(x, y)));
        }
    }
    std::vector<std::uint8_t> black_and_white(grey.size());
    std::transform(grey.begin(), grey.end(), black_and_white.begin(),
                   [](std::uint8_t level) { return level < 128 ? 0 : 255; });

    std::vector<FoundBarcode> found;
    const auto add = [&](const zbar_symbol_t* symbol) {
        FoundBarcode barcode{
            zbar_get_symbol_name(zbar_symbol_get_type(symbol)),
            std::string(zbar_symbol_get_data(symbol), zbar_symbol_get_data_length(symbol)),
            symbol_box(raster, span, symbol)};
        const bool seen = std::any_of(found.begin(), found.end(), [&](const FoundBarcode& f) {
            return f.symbology == barcode.symbology && f.data == barcode.data;
        });
        if (!seen)
            found.push_back(std::move(barcode));
    };

    ZbarScanner scanner = make_ean_scanner();
    for (const std::vector<std::uint8_t>* pixels : {&grey, &black_and_white}) {
        // zbar only borrows the pixels (no cleanup handler); they outlive the image.
        ZbarImage image(zbar_image_create());
        if (!image)
            throw std::bad_alloc();
        zbar_image_set_format(image.get(), fourcc('Y', '8', '0', '0'));
        zbar_image_set_size(image.get(), static_cast<unsigned>(width),
                            static_cast<unsigned>(height));
        zbar_image_set_data(image.get(), pixels->data(), static_cast<unsigned long>(pixels->size()),
                            nullptr);
        if (zbar_scan_image(scanner.get(), image.get()) < 0)
            throw std::runtime_error("zbar: could not scan a " + std::to_string(width) + " x " +
                                     std::to_string(height) + " pixel grey image");
        for (const zbar_symbol_t* symbol = zbar_image_first_symbol(image.get()); symbol != nullptr;
             symbol = zbar_symbol_next(symbol)) {
            const zbar_symbol_t* component = zbar_symbol_first_component(symbol);
            if (component == nullptr)
                add(symbol);
            for (; component != nullptr; component = zbar_symbol_next(component))
                add(component);
        }
    }
    std::stable_sort(found.begin(), found.end(), [](const FoundBarcode& a, const FoundBarcode& b) {
        return a.box.left() < b.box.left();
    });
    return found;
}

// ---------------------------------------------------------------------------------------------
// Marks

// Each column (for vertical marks; rows for horizontal ones, through a transposed view) is
// walked for runs of line pixels: darker than lightness 200 (a hairline of a quarter point
// drawn at 300 ppi and scaled down still mixes to about 150) with light pixels (235 or more:
// paper white allowing for JPEG ringing) from 3 pixels out to `clear` on both sides. A run of the right length
// is a line seen in one column; the columns a line covers are merged, and its centre is the
// mean of their positions weighted by darkness.
std::vector<Mark> find_marks(const Raster& raster, const Rect& area, Length min_length,
                             Length max_length, Length clear) {
    validate(raster);
    const Raster::Span span = raster.span(area);
    if (span.empty())
        return {};
    const double ppi = raster.pixels_per_inch;
    const auto pixels_of = [ppi](Length length) {
        return static_cast<int>(std::lround(length.in() * ppi));
    };
    const int side = std::max(2, pixels_of(clear));
    const int shortest = std::max(3, pixels_of(min_length));
    const int longest = std::max(shortest, pixels_of(max_length));
    // Lightness once per pixel of the area, rows from its top.
    const int area_width = span.x1 - span.x0, area_height = span.y1 - span.y0;
    std::vector<std::uint8_t> light(static_cast<std::size_t>(area_width) * area_height);
    for (int y = 0; y < area_height; ++y) {
        for (int x = 0; x < area_width; ++x) {
            light[static_cast<std::size_t>(y) * area_width + x] =
                static_cast<std::uint8_t>(lightness(raster.pixel(span.x0 + x, span.y0 + y)));
        }
    }
    struct Run {
        int across = 0, from = 0, to = 0;  // column, and rows [from, to)
        double weight = 0, weighted = 0;   // darkness, and darkness times position
    };
    std::vector<Mark> marks;
    for (const bool vertical : {true, false}) {
        const int across_size = vertical ? area_width : area_height;
        const int along_size = vertical ? area_height : area_width;
        const auto level = [&](int across, int along) -> int {
            return vertical ? light[static_cast<std::size_t>(along) * area_width + across]
                            : light[static_cast<std::size_t>(across) * area_width + along];
        };
        std::vector<Run> runs;
        for (int a = side; a + side < across_size; ++a) {
            int start = -1;
            double weight = 0;
            for (int b = 0; b <= along_size; ++b) {
                // White from 3 pixels out to `clear` on both sides: a letter's neighbours, or a
                // second line beside it, are not.
                bool line = b < along_size && level(a, b) < 200;
                for (int d = 3; line && d <= side; ++d)
                    line = level(a - d, b) >= 235 && level(a + d, b) >= 235;
                if (line) {
                    if (start < 0) {
                        start = b;
                        weight = 0;
                    }
                    weight += 255 - level(a, b);
                    continue;
                }
                if (start >= 0 && b - start >= shortest && b - start <= longest)
                    runs.push_back(Run{a, start, b, weight, weight * (a + 0.5)});
                start = -1;
            }
        }
        // Runs in neighbouring columns that overlap along their length are one line.
        std::vector<bool> used(runs.size(), false);
        const int across_origin = vertical ? span.x0 : span.y0;
        const int along_origin = vertical ? span.y0 : span.x0;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            if (used[i])
                continue;
            Run line = runs[i];
            int last = line.across;
            for (std::size_t j = i + 1; j < runs.size() && runs[j].across <= last + 1; ++j) {
                if (used[j] || runs[j].across != last + 1 || runs[j].to <= line.from ||
                    runs[j].from >= line.to)
                    continue;
                used[j] = true;
                last = runs[j].across;
                line.from = std::min(line.from, runs[j].from);
                line.to = std::max(line.to, runs[j].to);
                line.weight += runs[j].weight;
                line.weighted += runs[j].weighted;
            }
            // Wider than the white kept on either side: not a hairline.
            if (last - line.across + 1 > side)
                continue;
            const double centre = across_origin + line.weighted / line.weight;
            marks.push_back(Mark{vertical,
                                 Length::from_units(static_cast<Length::rep>(
                                     std::llround(centre / ppi * Length::units_per_in))),
                                 pixel_edge(along_origin + line.from, ppi),
                                 pixel_edge(along_origin + line.to, ppi)});
        }
    }
    return marks;
}

// ---------------------------------------------------------------------------------------------
// Downsampling

Raster downsampled(const Raster& raster, int factor) {
    validate(raster);
    if (factor < 1)
        throw std::invalid_argument("downsampled: factor " + std::to_string(factor) +
                                    " is below 1; give 1 or more");
    Raster out;
    out.width = (raster.width + factor - 1) / factor;
    out.height = (raster.height + factor - 1) / factor;
    out.pixels_per_inch = raster.pixels_per_inch / factor;
    out.rgb.resize(static_cast<std::size_t>(out.width) * out.height * 3);
    std::vector<unsigned> sums(static_cast<std::size_t>(out.width) * 3);
    std::vector<unsigned> counts(static_cast<std::size_t>(out.width));
    for (int oy = 0; oy < out.height; ++oy) {
        std::fill(sums.begin(), sums.end(), 0u);
        std::fill(counts.begin(), counts.end(), 0u);
        for (int y = oy * factor; y < std::min(raster.height, (oy + 1) * factor); ++y) {
            for (int x = 0; x < raster.width; ++x) {
                const std::uint8_t* p = raster.pixel(x, y);
                const auto o = static_cast<std::size_t>(x / factor);
                sums[o * 3] += p[0];
                sums[o * 3 + 1] += p[1];
                sums[o * 3 + 2] += p[2];
                ++counts[o];
            }
        }
        for (int ox = 0; ox < out.width; ++ox) {
            const auto o = static_cast<std::size_t>(ox);
            std::uint8_t* q = &out.rgb[(static_cast<std::size_t>(oy) * out.width + o) * 3];
            for (int c = 0; c < 3; ++c)
                q[c] = static_cast<std::uint8_t>((sums[o * 3 + c] + counts[o] / 2) / counts[o]);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Where bar codes may be

// Tiles of a quarter inch (about 25 pixels at 100 ppi: two bars at the least). A bar code's
// lightness steps by a large part of its contrast at nearly every module across and not at all
// down its bars; text steps both ways, photographs and flat colour little either way.
std::vector<Rect> barcode_candidates(const Raster& raster, const Rect& area, Length margin) {
    validate(raster);
    const Raster::Span span = raster.span(area);
    if (span.empty())
        return {};
    const int tile = std::max(4, static_cast<int>(std::lround(0.25 * raster.pixels_per_inch)));
    const int columns = (span.x1 - span.x0 + tile - 1) / tile;
    const int rows = (span.y1 - span.y0 + tile - 1) / tile;
    std::vector<bool> striped(static_cast<std::size_t>(columns) * rows, false);
    for (int ty = 0; ty < rows; ++ty) {
        for (int tx = 0; tx < columns; ++tx) {
            const int x0 = span.x0 + tx * tile, y0 = span.y0 + ty * tile;
            const int x1 = std::min(span.x1, x0 + tile), y1 = std::min(span.y1, y0 + tile);
            long long across = 0, down = 0, pairs = 0;
            for (int y = y0; y + 1 < y1; ++y) {
                for (int x = x0; x + 1 < x1; ++x) {
                    const int here = lightness(raster.pixel(x, y));
                    across += std::abs(lightness(raster.pixel(x + 1, y)) - here);
                    down += std::abs(lightness(raster.pixel(x, y + 1)) - here);
                    ++pairs;
                }
            }
            // On average a step of 20 levels across each pair, three times what runs down.
            striped[static_cast<std::size_t>(ty) * columns + tx] =
                pairs > 0 && across >= 20 * pairs && across >= 3 * down;
        }
    }
    // Striped tiles joined through their sides into rectangles.
    std::vector<Rect> found;
    std::vector<bool> seen(striped.size(), false);
    for (std::size_t start = 0; start < striped.size(); ++start) {
        if (!striped[start] || seen[start])
            continue;
        int left = columns, top = rows, right = -1, bottom = -1;
        std::vector<std::size_t> stack{start};
        seen[start] = true;
        while (!stack.empty()) {
            const std::size_t at = stack.back();
            stack.pop_back();
            const int tx = static_cast<int>(at % columns), ty = static_cast<int>(at / columns);
            left = std::min(left, tx);
            right = std::max(right, tx);
            top = std::min(top, ty);
            bottom = std::max(bottom, ty);
            const auto visit = [&](int nx, int ny) {
                if (nx < 0 || ny < 0 || nx >= columns || ny >= rows)
                    return;
                const auto next = static_cast<std::size_t>(ny) * columns + nx;
                if (striped[next] && !seen[next]) {
                    seen[next] = true;
                    stack.push_back(next);
                }
            };
            visit(tx - 1, ty);
            visit(tx + 1, ty);
            visit(tx, ty - 1);
            visit(tx, ty + 1);
        }
        const Raster::Span tiles{span.x0 + left * tile, span.y0 + top * tile,
                                 std::min(span.x1, span.x0 + (right + 1) * tile),
                                 std::min(span.y1, span.y0 + (bottom + 1) * tile)};
        found.push_back(raster.area(tiles).inset(-margin).intersection(area).value_or(area));
    }
    return found;
}

// ---------------------------------------------------------------------------------------------
// Content blocks

// Flood fill (an explicit stack, so no recursion depth to worry about) over the mask of
// pixels that are not paper white, 4-connected: one pass over the raster, each pixel pushed
// at most once. Blocks are compared by their own pixels: each letter of a text block is a
// block of its own, so a page of text does not add up against one solid piece of artwork.
std::optional<Rect> largest_content_block(const Raster& raster, double min_area_share) {
    validate(raster);
    const auto width = static_cast<std::size_t>(raster.width);
    const auto height = static_cast<std::size_t>(raster.height);
    const std::size_t total = width * height;
    if (total == 0)
        return std::nullopt;

    // 0: paper white or already in a block; 1: content not yet visited.
    std::vector<std::uint8_t> pending(total, 0);
    for (std::size_t i = 0; i < total; ++i)
        pending[i] = is_paper_white(&raster.rgb[i * 3]) ? 0 : 1;

    std::size_t best_pixels = 0;
    Raster::Span best_box;
    std::vector<std::size_t> stack;
    for (std::size_t start = 0; start < total; ++start) {
        if (!pending[start])
            continue;
        pending[start] = 0;
        stack.assign(1, start);
        std::size_t pixels = 0;
        std::size_t left = width, top = height, right = 0, bottom = 0;
        while (!stack.empty()) {
            const std::size_t at = stack.back();
            stack.pop_back();
            ++pixels;
            const std::size_t x = at % width;
            const std::size_t y = at / width;
            left = std::min(left, x);
            right = std::max(right, x + 1);
            top = std::min(top, y);
            bottom = std::max(bottom, y + 1);
            const auto visit = [&](std::size_t next) {
                if (pending[next]) {
                    pending[next] = 0;
                    stack.push_back(next);
                }
            };
            if (x > 0)
                visit(at - 1);
            if (x + 1 < width)
                visit(at + 1);
            if (y > 0)
                visit(at - width);
            if (y + 1 < height)
                visit(at + width);
        }
        if (pixels > best_pixels) {
            best_pixels = pixels;
            best_box = Raster::Span{static_cast<int>(left), static_cast<int>(top),
                                    static_cast<int>(right), static_cast<int>(bottom)};
        }
    }
    if (best_pixels == 0 ||
        static_cast<double>(best_pixels) < min_area_share * static_cast<double>(total))
        return std::nullopt;
    return raster.area(best_box);
}

}  // namespace podcover::check
