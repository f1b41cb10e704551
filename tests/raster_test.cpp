// Tests of the checker's pixel analysis on synthetic rasters: flat colour, gradients, noise and
// blocky "JPEG" noise made pixel by pixel with a fixed pseudo-random sequence, and text, colour
// blocks and an ISBN barcode drawn with Cairo.
#include <cairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "podcover/check/raster.hpp"
#include "podcover/length.hpp"
#include "podcover/rect.hpp"
#include "podcover/render/barcode.hpp"

using namespace podcover;
using namespace podcover::literals;
using podcover::check::Raster;

namespace {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
};

// A raster `width` x `height` inches at `ppi`, each pixel from `colour(x, y)`.
Raster make_raster(Length width, Length height, double ppi,
                   const std::function<Rgb(int, int)>& colour) {
    Raster raster;
    raster.width = static_cast<int>(std::lround(width.in() * ppi));
    raster.height = static_cast<int>(std::lround(height.in() * ppi));
    raster.pixels_per_inch = ppi;
    raster.rgb.reserve(static_cast<std::size_t>(raster.width) * raster.height * 3);
    for (int y = 0; y < raster.height; ++y) {
        for (int x = 0; x < raster.width; ++x) {
            const Rgb c = colour(x, y);
            raster.rgb.insert(raster.rgb.end(), {c.r, c.g, c.b});
        }
    }
    return raster;
}

Raster flat(Length width, Length height, double ppi, Rgb colour) {
    return make_raster(width, height, ppi, [colour](int, int) { return colour; });
}

// A fixed pseudo-random sequence (SplitMix64, Steele, Lea and Flood, "Fast splittable
// pseudorandom number generators", OOPSLA 2014), so that noise is the same on every standard
// library (std::uniform_int_distribution is not).
class Random {
  public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    // Uniform in [-amplitude, amplitude].
    int offset(int amplitude) {
        return static_cast<int>(next() % static_cast<std::uint64_t>(2 * amplitude + 1)) - amplitude;
    }

  private:
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::uint64_t state_;
};

std::uint8_t clamp_level(int level) {
    return static_cast<std::uint8_t>(std::clamp(level, 0, 255));
}

// `base` with independent uniform noise of +/-`amplitude` levels on each channel of each
// pixel, like film grain or sensor noise.
Raster noisy(Length width, Length height, double ppi, Rgb base, int amplitude, std::uint64_t seed) {
    Random random(seed);
    return make_raster(width, height, ppi, [&](int, int) {
        return Rgb{clamp_level(base.r + random.offset(amplitude)),
                   clamp_level(base.g + random.offset(amplitude)),
                   clamp_level(base.b + random.offset(amplitude))};
    });
}

struct SurfaceDeleter {
    void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
    void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

// A Cairo image surface to draw on in inches, read back as a Raster.
class Canvas {
  public:
    Canvas(Length width, Length height, double ppi, Rgb background = {255, 255, 255}) : ppi_(ppi) {
        const int pixel_width = static_cast<int>(std::lround(width.in() * ppi));
        const int pixel_height = static_cast<int>(std::lround(height.in() * ppi));
        surface_.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixel_width, pixel_height));
        REQUIRE(cairo_surface_status(surface_.get()) == CAIRO_STATUS_SUCCESS);
        cr_.reset(cairo_create(surface_.get()));
        REQUIRE(cairo_status(cr_.get()) == CAIRO_STATUS_SUCCESS);
        cairo_scale(cr_.get(), ppi, ppi);
        fill(Rect{Length(), Length(), width, height}, background);
    }

    cairo_t* cr() const { return cr_.get(); }

    void set_colour(Rgb colour) const {
        cairo_set_source_rgb(cr(), colour.r / 255.0, colour.g / 255.0, colour.b / 255.0);
    }

    void fill(const Rect& area, Rgb colour) const {
        set_colour(colour);
        cairo_rectangle(cr(), area.x.in(), area.y.in(), area.width.in(), area.height.in());
        cairo_fill(cr());
    }

    // One line of text with Cairo's toy API, `size` being the em size.
    void text(const std::string& line, Length x, Length baseline, Length size, Rgb colour,
              const char* family = "DejaVu Sans") const {
        set_colour(colour);
        cairo_select_font_face(cr(), family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr(), size.in());
        cairo_move_to(cr(), x.in(), baseline.in());
        cairo_show_text(cr(), line.c_str());
    }

    // Lines of text filling `area`, like the body of a back-cover blurb.
    void text_block(const Rect& area, Length size, Length leading, Rgb colour) const {
        std::string line;
        while (line.size() < 400)
            line += "The salt road ran north from the marshes, 1897; nobody came back. ";
        cairo_save(cr());
        cairo_rectangle(cr(), area.x.in(), area.y.in(), area.width.in(), area.height.in());
        cairo_clip(cr());
        for (Length baseline = area.y + size; baseline < area.bottom() + size; baseline += leading)
            text(line, area.x, baseline, size, colour);
        cairo_restore(cr());
    }

    Raster raster() const {
        REQUIRE(cairo_status(cr()) == CAIRO_STATUS_SUCCESS);
        cairo_surface_flush(surface_.get());
        Raster raster;
        raster.width = cairo_image_surface_get_width(surface_.get());
        raster.height = cairo_image_surface_get_height(surface_.get());
        raster.pixels_per_inch = ppi_;
        const int stride = cairo_image_surface_get_stride(surface_.get());
        const unsigned char* data = cairo_image_surface_get_data(surface_.get());
        for (int y = 0; y < raster.height; ++y) {
            for (int x = 0; x < raster.width; ++x) {
                // RGB24: one native-endian 32-bit word per pixel, 0x00RRGGBB.
                std::uint32_t word = 0;
                std::copy_n(data + static_cast<std::ptrdiff_t>(y) * stride + x * 4, 4,
                            reinterpret_cast<unsigned char*>(&word));
                raster.rgb.insert(raster.rgb.end(), {static_cast<std::uint8_t>(word >> 16),
                                                     static_cast<std::uint8_t>(word >> 8),
                                                     static_cast<std::uint8_t>(word)});
            }
        }
        return raster;
    }

  private:
    double ppi_;
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface_;
    std::unique_ptr<cairo_t, ContextDeleter> cr_;
};

Rect whole(const Raster& raster) {
    return raster.area(Raster::Span{0, 0, raster.width, raster.height});
}

// A span as x0, y0, x1, y1, which Catch can compare and print.
std::array<int, 4> edges(const Raster::Span& s) {
    return {s.x0, s.y0, s.x1, s.y1};
}

std::string describe(const Raster::Span& s) {
    return "[" + std::to_string(s.x0) + ", " + std::to_string(s.x1) + ") x [" +
           std::to_string(s.y0) + ", " + std::to_string(s.y1) + ")";
}

std::string describe(const Rect& r) {
    return r.x.format(Unit::in, 4) + ", " + r.y.format(Unit::in, 4) + ", " +
           r.width.format(Unit::in, 4) + " x " + r.height.format(Unit::in, 4) + " in";
}

// Every edge of `actual` within `tolerance` of the same edge of `expected`.
bool near(const Rect& actual, const Rect& expected, Length tolerance) {
    return abs(actual.left() - expected.left()) <= tolerance &&
           abs(actual.top() - expected.top()) <= tolerance &&
           abs(actual.right() - expected.right()) <= tolerance &&
           abs(actual.bottom() - expected.bottom()) <= tolerance;
}

const Rgb white{255, 255, 255};
const Rgb black{0, 0, 0};
const Rgb navy{40, 70, 140};
const Rgb sand{230, 200, 150};
// Equal Rec. 709 lightness (54), different colour.
const Rgb red{255, 0, 0};
const Rgb green{0, 76, 0};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Raster::span and Raster::area

TEST_CASE("span takes the pixels whose centres lie in the area", "[raster]") {
    const Raster raster = flat(2_in, 1_in, 100, white);  // 200 x 100 pixels

    SECTION("left and top edges on pixel centres are in, right and bottom ones out") {
        // 0.125 in is the centre of pixel 12 (12.5 px); 0.625 in the centre of pixel 62.
        const Raster::Span span = raster.span(Rect{0.125_in, 0.25_in, 0.5_in, 0.5_in});
        CHECK(edges(span) == std::array{12, 25, 62, 75});
        INFO(describe(span));
    }
    SECTION("an area narrower than a pixel holds the pixel whose centre it holds, or none") {
        CHECK(edges(raster.span(Rect{0.105_in, 0.105_in, 0.004_in, 0.004_in})) ==
              std::array{10, 10, 11, 11});
        CHECK(raster.span(Rect{0.106_in, 0.106_in, 0.008_in, 0.008_in}).empty());
    }
    SECTION("edges on pixel centres whose product with the resolution rounds away") {
        // 0.035 in x 100 is 3.0000000000000004 in doubles, 0.545 in x 100 is
        // 54.00000000000001: both exactly on the centres of pixels 3 and 54.
        CHECK(edges(raster.span(Rect::from_edges(0.035_in, 0.275_in, 0.545_in, 0.285_in))) ==
              std::array{3, 27, 54, 28});
    }
    SECTION("neighbouring areas share no pixel and lose none") {
        const Raster::Span left = raster.span(Rect::from_edges(0.3_in, 0_in, 0.725_in, 1_in));
        const Raster::Span right = raster.span(Rect::from_edges(0.725_in, 0_in, 1.01_in, 1_in));
        CHECK(left.x1 == right.x0);
        CHECK(right.x0 == 72);  // pixel 72's centre is 0.725 in: it belongs to the right area
    }
    SECTION("spans are clipped to the raster") {
        CHECK(edges(raster.span(Rect{-1_in, -2_in, 10_in, 10_in})) == std::array{0, 0, 200, 100});
        CHECK(edges(raster.span(Rect{1.5_in, 0.5_in, 2_in, 2_in})) ==
              std::array{150, 50, 200, 100});
        CHECK(raster.span(Rect{3_in, 0_in, 1_in, 1_in}).empty());
        CHECK(raster.span(Rect{-2_in, 0_in, 1_in, 1_in}).empty());
        CHECK(raster.span(Rect{1_in, 0.5_in, -0.5_in, 0.2_in}).empty());
    }
}

TEST_CASE("area maps a span back to inches, exactly at whole-divisor resolutions", "[raster]") {
    const Raster raster = flat(2_in, 1_in, 100, white);
    CHECK(raster.area(Raster::Span{12, 25, 62, 75}) == Rect{0.12_in, 0.25_in, 0.5_in, 0.5_in});
    CHECK(whole(raster) == Rect{0_in, 0_in, 2_in, 1_in});

    for (double ppi : {36.0, 72.0, 96.5, 150.0, 300.0}) {
        const Raster r = flat(2_in, 1_in, ppi, white);
        for (int x0 = 0; x0 < r.width; x0 += 7) {
            const Raster::Span s{x0, x0 / 3, std::min(r.width, x0 + 11), r.height};
            INFO(ppi << " ppi, " << describe(s));
            CHECK(edges(r.span(r.area(s))) == edges(s));
        }
        // The other way round: within half a pixel of the area asked for.
        const Rect asked{0.3_in, 0.2_in, 0.777_in, 0.5_in};
        const Rect got = r.area(r.span(asked));
        INFO(ppi << " ppi: " << describe(got));
        CHECK(
            near(got, asked,
                 Length::from_units(Length::units_per_in / 2 / static_cast<Length::rep>(ppi) + 1)));
    }
}

TEST_CASE("a malformed raster is refused", "[raster]") {
    Raster raster = flat(1_in, 1_in, 50, white);
    const Rect area{0_in, 0_in, 1_in, 1_in};

    SECTION("pixels missing") {
        raster.rgb.pop_back();
        CHECK_THROWS_AS(raster.span(area), std::invalid_argument);
        CHECK_THROWS_AS(check::measure_detail(raster, area), std::invalid_argument);
        CHECK_THROWS_AS(check::white_share(raster, area), std::invalid_argument);
        CHECK_THROWS_AS(check::find_barcodes(raster, area), std::invalid_argument);
        CHECK_THROWS_AS(check::largest_content_block(raster), std::invalid_argument);
    }
    SECTION("no resolution") {
        raster.pixels_per_inch = 0;
        CHECK_THROWS_AS(raster.area(Raster::Span{0, 0, 1, 1}), std::invalid_argument);
        CHECK_THROWS_AS(check::find_vertical_edge(raster, area), std::invalid_argument);
        raster.pixels_per_inch = -72;
        CHECK_THROWS_AS(check::find_plain_area(raster, area, Size{0.5_in, 0.5_in}),
                        std::invalid_argument);
    }
    SECTION("negative size") {
        raster.width = -50;
        raster.height = -50;
        CHECK_THROWS_AS(check::measure_detail(raster, area), std::invalid_argument);
    }
}

// ---------------------------------------------------------------------------------------------
// measure_detail

TEST_CASE("lightness is Rec. 709 luma", "[raster]") {
    const std::uint8_t pixels[][3] = {{255, 255, 255}, {0, 0, 0}, {255, 0, 0}, {0, 76, 0}};
    CHECK(check::lightness(pixels[0]) == 255);
    CHECK(check::lightness(pixels[1]) == 0);
    CHECK(check::lightness(pixels[2]) == 54);
    CHECK(check::lightness(pixels[3]) == 54);
}

TEST_CASE("flat colour, gradients and moderate noise are not busy", "[raster]") {
    SECTION("flat colour") {
        const Raster raster = flat(2_in, 1_in, 100, navy);
        const check::Detail detail = check::measure_detail(raster, whole(raster));
        CHECK(detail.busy_share == 0);
        CHECK(detail.strongest == 0);
    }
    SECTION("a colour gradient across two inches") {
        const Raster raster = make_raster(2_in, 1_in, 100, [](int x, int) {
            return Rgb{clamp_level(20 + x * 220 / 199), clamp_level(40 + x * 160 / 199),
                       clamp_level(200 - x * 170 / 199)};
        });
        const check::Detail detail = check::measure_detail(raster, whole(raster));
        CHECK(detail.busy_share == 0);
        CHECK(detail.strongest <= 2);
    }
    SECTION("black to white in a quarter of an inch, drawn by Cairo") {
        Canvas canvas(2_in, 1_in, 100);
        auto gradient = std::unique_ptr<cairo_pattern_t, decltype(&cairo_pattern_destroy)>(
            cairo_pattern_create_linear(0, 0.4, 0, 0.65), &cairo_pattern_destroy);
        cairo_pattern_add_color_stop_rgb(gradient.get(), 0, 0, 0, 0);
        cairo_pattern_add_color_stop_rgb(gradient.get(), 1, 1, 1, 1);
        cairo_set_source(canvas.cr(), gradient.get());
        cairo_paint(canvas.cr());
        const Raster raster = canvas.raster();
        const check::Detail detail = check::measure_detail(raster, whole(raster));
        CHECK(detail.busy_share == 0);
        CHECK(detail.strongest > 5);  // the gradient is there: about 10 levels per pixel
        CHECK(detail.strongest <= 12);
    }
    SECTION("noise of +/-20 levels on every channel of every pixel (a grainy photograph)") {
        const Raster raster = noisy(2_in, 2_in, 100, Rgb{128, 110, 90}, 20, 1);
        const check::Detail detail = check::measure_detail(raster, whole(raster));
        CHECK(detail.busy_share == 0);
        CHECK(detail.strongest > 25);  // the noise is there
        CHECK(detail.strongest <= 40);
    }
    SECTION("blocky compression noise: 8 x 8 blocks off by +/-12, pixels by +/-6") {
        Random random(2);
        std::vector<int> block_offsets(25 * 25 * 3);
        for (int& offset : block_offsets)
            offset = random.offset(12);
        const Raster raster = make_raster(2_in, 2_in, 100, [&](int x, int y) {
            const auto block = static_cast<std::size_t>((y / 8) * 25 + x / 8) * 3;
            return Rgb{clamp_level(170 + block_offsets[block] + random.offset(6)),
                       clamp_level(150 + block_offsets[block + 1] + random.offset(6)),
                       clamp_level(120 + block_offsets[block + 2] + random.offset(6))};
        });
        const check::Detail detail = check::measure_detail(raster, whole(raster));
        CHECK(detail.busy_share == 0);
        CHECK(detail.strongest > 20);
    }
    SECTION("but heavy noise of +/-60 levels does register") {
        const Raster raster = noisy(2_in, 2_in, 100, Rgb{128, 128, 128}, 60, 3);
        const check::Detail detail = check::measure_detail(raster, whole(raster));
        CHECK(detail.busy_share > 0.05);
    }
}

TEST_CASE("small text and hard edges are busy", "[raster]") {
    SECTION("6 pt text at 100 ppi") {
        Canvas canvas(3_in, 0.5_in, 100, Rgb{235, 225, 200});
        canvas.text("THE SALT ROAD  Jane Author  a novel", 0.1_in, 0.3_in, 6_pt, black);
        const Raster raster = canvas.raster();
        const check::Detail detail = check::measure_detail(raster, whole(raster));
        INFO("busy share " << detail.busy_share << ", strongest " << detail.strongest);
        CHECK(detail.strongest > 120);
        // Text covers a thin strip of the area: a few percent of its pixels.
        CHECK(detail.busy_share > 0.02);
        CHECK(detail.busy_share < 0.2);
    }
    SECTION("thin 7 pt serif text at 50 ppi, dark grey on white") {
        Canvas canvas(3_in, 0.5_in, 50);
        canvas.text("The Salt Road", 0.1_in, 0.3_in, 7_pt, Rgb{70, 70, 70}, "EB Garamond");
        const Raster raster = canvas.raster();
        const check::Detail detail = check::measure_detail(raster, whole(raster));
        INFO("busy share " << detail.busy_share << ", strongest " << detail.strongest);
        CHECK(detail.strongest > 48);
        CHECK(detail.busy_share > 0.005);
    }
    SECTION("a hard edge: the two pixel columns either side of it") {
        Canvas canvas(2_in, 1_in, 100, navy);
        canvas.fill(Rect{1_in, 0_in, 1_in, 1_in}, sand);
        const Raster raster = canvas.raster();
        const check::Detail detail = check::measure_detail(raster, whole(raster));
        CHECK(detail.busy_share == Approx(2.0 / 200));
        CHECK(detail.strongest == 134);  // the lightness difference of navy and sand
    }
    SECTION("an edge between two colours of the same lightness") {
        Canvas canvas(2_in, 1_in, 100, red);
        canvas.fill(Rect{1_in, 0_in, 1_in, 1_in}, green);
        const Raster raster = canvas.raster();
        const check::Detail detail = check::measure_detail(raster, whole(raster));
        CHECK(detail.busy_share == Approx(2.0 / 200));
        CHECK(detail.strongest > 100);
    }
    SECTION("contrast is measured inside the area only") {
        Canvas canvas(2_in, 1_in, 100, navy);
        canvas.fill(Rect{1_in, 0_in, 1_in, 1_in}, sand);
        const Raster raster = canvas.raster();
        // Up to the edge, from either side: the neighbour across it is outside the area.
        CHECK(check::measure_detail(raster, Rect{0.5_in, 0_in, 0.5_in, 1_in}).busy_share == 0);
        CHECK(check::measure_detail(raster, Rect{1_in, 0_in, 0.5_in, 1_in}).busy_share == 0);
        // One pixel further and the edge is in.
        CHECK(check::measure_detail(raster, Rect{0.5_in, 0_in, 0.51_in, 1_in}).busy_share ==
              Approx(2.0 / 51));
    }
    SECTION("the threshold is a parameter") {
        const Raster raster = noisy(1_in, 1_in, 100, Rgb{128, 110, 90}, 20, 4);
        CHECK(check::measure_detail(raster, whole(raster), 10).busy_share > 0.5);
    }
    SECTION("an area off the raster has no detail") {
        const Raster raster = flat(1_in, 1_in, 100, navy);
        const check::Detail detail = check::measure_detail(raster, Rect{2_in, 0_in, 1_in, 1_in});
        CHECK(detail.busy_share == 0);
        CHECK(detail.strongest == 0);
    }
}

// ---------------------------------------------------------------------------------------------
// white_share

TEST_CASE("white_share counts paper white", "[raster]") {
    CHECK(check::white_share(flat(1_in, 1_in, 72, white), Rect{0_in, 0_in, 1_in, 1_in}) == 1);
    CHECK(check::white_share(flat(1_in, 1_in, 72, Rgb{250, 250, 249}),
                             Rect{0_in, 0_in, 1_in, 1_in}) == 1);
    CHECK(check::white_share(flat(1_in, 1_in, 72, navy), Rect{0_in, 0_in, 1_in, 1_in}) == 0);
    // A light grey and a pale cream are colours, not paper.
    CHECK(check::white_share(flat(1_in, 1_in, 72, Rgb{238, 238, 238}),
                             Rect{0_in, 0_in, 1_in, 1_in}) == 0);
    CHECK(check::white_share(flat(1_in, 1_in, 72, Rgb{255, 250, 228}),
                             Rect{0_in, 0_in, 1_in, 1_in}) == 0);

    Canvas canvas(2_in, 1_in, 100);
    canvas.fill(Rect{1_in, 0_in, 1_in, 1_in}, navy);
    const Raster half = canvas.raster();
    CHECK(check::white_share(half, whole(half)) == Approx(0.5));
    CHECK(check::white_share(half, Rect{0.5_in, 0_in, 1_in, 1_in}) == Approx(0.5));
    CHECK(check::white_share(half, Rect{0.75_in, 0_in, 0.5_in, 1_in}) == Approx(0.5));
    CHECK(check::white_share(half, Rect{0.9_in, 0_in, 0.5_in, 1_in}) == Approx(0.2));
    CHECK(check::white_share(half, Rect{3_in, 0_in, 1_in, 1_in}) == 0);
}

// ---------------------------------------------------------------------------------------------
// find_vertical_edge

namespace {

// A navy spine from `fold` rightwards against a sand cover, 3 x 1 in at 100 ppi.
Raster spine_edge(Length fold, Rgb left = navy, Rgb right = sand) {
    Canvas canvas(3_in, 1_in, 100, left);
    canvas.fill(Rect{fold, 0_in, 3_in - fold, 1_in}, right);
    return canvas.raster();
}

const Rect fold_band = Rect::from_edges(1.3_in, 0_in, 1.7_in, 1_in);
const Length one_pixel = 0.01_in;  // at 100 ppi

}  // namespace

TEST_CASE("find_vertical_edge finds a fold's colour edge within a pixel", "[raster]") {
    SECTION("on a pixel boundary: exactly") {
        const auto edge = check::find_vertical_edge(spine_edge(1.5_in), fold_band);
        REQUIRE(edge);
        CHECK(edge->x == 1.5_in);
        CHECK(edge->share == 1);
    }
    SECTION("between pixel boundaries") {
        for (const Length fold : {1.501_in, 1.503_in, 1.505_in, 1.507_in, 1.509_in, 1.4321_in}) {
            const auto edge = check::find_vertical_edge(spine_edge(fold), fold_band);
            INFO("fold at " << fold.format(Unit::in, 4) << " in");
            REQUIRE(edge);
            CHECK(abs(edge->x - fold) < one_pixel);
            CHECK(edge->share == 1);
        }
    }
    SECTION("a 70-level edge split over a mixed pixel into two 35-level steps") {
        const Rgb dark{100, 100, 100};
        const Rgb light{170, 170, 170};
        const auto edge = check::find_vertical_edge(spine_edge(1.555_in, dark, light), fold_band);
        REQUIRE(edge);
        CHECK(abs(edge->x - 1.555_in) < one_pixel);
        CHECK(edge->share == 1);
        // Neither step reaches the threshold on its own.
        CHECK(check::measure_detail(spine_edge(1.555_in, dark, light), fold_band).strongest < 48);
    }
    SECTION("two colours of the same lightness") {
        const auto edge = check::find_vertical_edge(spine_edge(1.52_in, red, green), fold_band);
        REQUIRE(edge);
        CHECK(edge->x == 1.52_in);
        CHECK(edge->share == 1);
    }
    SECTION("in part of the rows only") {
        Canvas canvas(3_in, 1_in, 100, navy);
        canvas.fill(Rect{1.5_in, 0_in, 1.5_in, 0.4_in}, sand);
        const Raster raster = canvas.raster();
        CHECK_FALSE(check::find_vertical_edge(raster, fold_band));
        const auto edge = check::find_vertical_edge(raster, fold_band, 0.3);
        REQUIRE(edge);
        CHECK(edge->x == 1.5_in);
        CHECK(edge->share == Approx(0.4));
    }
    SECTION("the strongest of two edges in the band") {
        Canvas canvas(3_in, 1_in, 100, navy);
        canvas.fill(Rect{1.4_in, 0_in, 1.6_in, 0.3_in}, sand);
        canvas.fill(Rect{1.6_in, 0_in, 1.4_in, 1_in}, sand);
        const auto edge = check::find_vertical_edge(canvas.raster(), fold_band);
        REQUIRE(edge);
        CHECK(edge->x == 1.6_in);
        CHECK(edge->share == Approx(0.7));
    }
}

TEST_CASE("find_vertical_edge finds none without a hard edge in the band", "[raster]") {
    SECTION("an edge outside the band") {
        CHECK_FALSE(check::find_vertical_edge(spine_edge(1.25_in), fold_band, 0.01));
        CHECK_FALSE(check::find_vertical_edge(spine_edge(1.75_in), fold_band, 0.01));
    }
    SECTION("an edge on the band's edge: no column pair inside the band straddles it") {
        CHECK_FALSE(check::find_vertical_edge(spine_edge(1.3_in), fold_band, 0.01));
    }
    SECTION("a gradient") {
        const Raster raster = make_raster(3_in, 1_in, 100, [](int x, int) {
            return Rgb{clamp_level(40 + x * 190 / 299), clamp_level(70 + x * 130 / 299),
                       clamp_level(140 + x / 30)};
        });
        CHECK_FALSE(check::find_vertical_edge(raster, fold_band, 0.01));
    }
    SECTION("noise of +/-20 levels") {
        const Raster raster = noisy(3_in, 1_in, 100, Rgb{120, 100, 80}, 20, 5);
        CHECK_FALSE(check::find_vertical_edge(raster, fold_band, 0.01));
    }
    SECTION("a band narrower than two pixels") {
        CHECK_FALSE(check::find_vertical_edge(spine_edge(1.5_in),
                                              Rect{1.495_in, 0_in, 0.01_in, 1_in}, 0.01));
    }
}

// ---------------------------------------------------------------------------------------------
// find_plain_area

namespace {

const Size ingram_barcode{1.75_in, 1_in};
const Rect back_safe = Rect::from_edges(0.25_in, 0.25_in, 5.75_in, 8.75_in);

// A 6 x 9 in back cover covered in 8 pt text, with flat patches where given.
Raster back_cover(double ppi, const std::vector<Rect>& patches) {
    Canvas canvas(6_in, 9_in, ppi, Rgb{245, 238, 220});
    canvas.text_block(Rect{0_in, 0_in, 6_in, 9_in}, 8_pt, 10_pt, Rgb{30, 30, 30});
    for (const Rect& patch : patches)
        canvas.fill(patch, Rgb{200, 220, 240});
    return canvas.raster();
}

}  // namespace

TEST_CASE("find_plain_area prefers the plain window nearest the bottom-right", "[raster]") {
    const Rect top_left_patch{0.5_in, 0.5_in, 2.2_in, 1.4_in};
    const Rect bottom_right_patch{3.2_in, 6.8_in, 2.2_in, 1.4_in};
    const Raster raster = back_cover(100, {top_left_patch, bottom_right_patch});
    // The window may reach two pixels into the text beside a patch (the busy pixels allowed),
    // and into the blank gap between two lines of text above or below it: 8 pt type on 10 pt
    // leading leaves about 2 pt (0.03 in) without ink.
    const Length slack = 0.02_in;
    const Length line_gap = 0.05_in;
    const auto near_patch = [&](const Rect& patch) {
        return patch.inset(-slack, -line_gap, -slack, -line_gap);
    };

    SECTION("the patch nearer the corner, pushed into its bottom-right corner") {
        const auto found = check::find_plain_area(raster, back_safe, ingram_barcode);
        REQUIRE(found);
        INFO(describe(*found));
        CHECK(found->size() == ingram_barcode);
        CHECK(back_safe.contains(*found));
        CHECK(near_patch(bottom_right_patch).contains(*found));
        CHECK(abs(found->right() - bottom_right_patch.right()) <= slack);
        CHECK(abs(found->bottom() - bottom_right_patch.bottom()) <= line_gap);
    }
    SECTION("only inside the area") {
        const Rect upper = Rect::from_edges(0.25_in, 0.25_in, 5.75_in, 4.5_in);
        const auto found = check::find_plain_area(raster, upper, ingram_barcode);
        REQUIRE(found);
        INFO(describe(*found));
        CHECK(upper.contains(*found));
        CHECK(near_patch(top_left_patch).contains(*found));
        CHECK(abs(found->right() - top_left_patch.right()) <= slack);
        CHECK(abs(found->bottom() - top_left_patch.bottom()) <= line_gap);
        // An area that cuts through both patches leaves no room for the window.
        CHECK_FALSE(check::find_plain_area(
            raster, Rect::from_edges(0.25_in, 1.3_in, 5.75_in, 7.5_in), ingram_barcode));
    }
    SECTION("none when the area is text everywhere") {
        const Raster text = back_cover(100, {});
        CHECK_FALSE(check::find_plain_area(text, back_safe, ingram_barcode));
        // The text is dense enough that no window is plain even with 1% busy pixels allowed.
        CHECK_FALSE(check::find_plain_area(text, back_safe, ingram_barcode, 0.01));
    }
    SECTION("none when the window does not fit the area") {
        CHECK_FALSE(check::find_plain_area(raster, bottom_right_patch, Size{2.5_in, 1_in}));
        CHECK_FALSE(check::find_plain_area(raster, Rect{0_in, 0_in, 1.7_in, 5_in}, ingram_barcode));
    }
}

TEST_CASE("find_plain_area on a plain area takes its bottom-right corner", "[raster]") {
    const Raster raster = flat(6_in, 9_in, 100, navy);
    const auto found = check::find_plain_area(raster, back_safe, ingram_barcode);
    REQUIRE(found);
    CHECK(*found == Rect::from_edges(4_in, 7.75_in, 5.75_in, 8.75_in));

    // Area edges off the pixel grid: the window still lies inside the area.
    const Rect odd = Rect::from_edges(0.2549_in, 0.2551_in, 5.7449_in, 8.7551_in);
    const auto inside = check::find_plain_area(raster, odd, ingram_barcode);
    REQUIRE(inside);
    INFO(describe(*inside));
    CHECK(odd.contains(*inside));
    CHECK(abs(inside->right() - odd.right()) < one_pixel);
    CHECK(abs(inside->bottom() - odd.bottom()) < one_pixel);
    // An area just the window's size, off the grid: the window is the area.
    const Rect tight{0.2549_in, 0.2551_in, 1.75_in, 1_in};
    const auto exact = check::find_plain_area(raster, tight, ingram_barcode);
    REQUIRE(exact);
    CHECK(*exact == tight);

    CHECK_THROWS_AS(check::find_plain_area(raster, back_safe, Size{0_in, 1_in}),
                    std::invalid_argument);
}

TEST_CASE("find_plain_area allows a few busy pixels", "[raster]") {
    // Single light specks on a flat field (dust, a stray pixel): each makes itself and its
    // four neighbours busy. The window is the whole 175 x 100 pixel area, which allows
    // 0.2% of 17,500 = 35 busy pixels.
    const auto specks = [](int count) {
        return make_raster(2_in, 1_in, 100, [count](int x, int y) {
            const bool speck = y == 50 && x % 20 == 10 && x / 20 < count;
            return speck ? white : navy;
        });
    };
    const Rect area{0_in, 0_in, 1.75_in, 1_in};
    CHECK(check::find_plain_area(specks(7), area, ingram_barcode) == area);  // 35 busy
    CHECK_FALSE(check::find_plain_area(specks(8), area, ingram_barcode));    // 40 busy
    CHECK_FALSE(check::find_plain_area(specks(1), area, ingram_barcode, 0));
    CHECK(check::find_plain_area(specks(0), area, ingram_barcode, 0) == area);
}

TEST_CASE("find_plain_area at 150 ppi on a 6 x 9 in back cover", "[raster]") {
    const Rect patch{0.75_in, 6.9_in, 2_in, 1.2_in};
    const Raster raster = back_cover(150, {patch});
    const auto found = check::find_plain_area(raster, back_safe, ingram_barcode);
    REQUIRE(found);
    INFO(describe(*found));
    CHECK(patch.inset(-0.014_in, -0.05_in, -0.014_in, -0.05_in).contains(*found));
    CHECK(abs(found->right() - patch.right()) <= 0.014_in);
    CHECK(abs(found->bottom() - patch.bottom()) <= 0.05_in);
}

// ---------------------------------------------------------------------------------------------
// find_barcodes

namespace {

// The ISBN barcode of 978-0-306-40615-7 at USD 16.99, painted on a 3 x 2 in raster at `ppi`
// (white box, black bars; no digits) with its top-left corner at `origin`.
struct PaintedBarcode {
    Raster raster;
    Rect box;
};

PaintedBarcode painted_barcode(double ppi, Length origin_x, Length origin_y) {
    const render::Barcode barcode =
        render::make_isbn_barcode(render::Isbn::parse("978-0-306-40615-7"),
                                  render::price_addon("USD 16.99"), Size{2_in, 1.2_in});
    Canvas canvas(3_in, 2_in, ppi, sand);
    const Rect box{origin_x, origin_y, barcode.size.width, barcode.size.height};
    canvas.fill(box, white);
    for (const Rect& bar : barcode.bars)
        canvas.fill(Rect{origin_x + bar.x, origin_y + bar.y, bar.width, bar.height}, black);
    return PaintedBarcode{canvas.raster(), box};
}

}  // namespace

TEST_CASE("find_barcodes reads a painted ISBN barcode and its price add-on", "[raster]") {
    const PaintedBarcode painted = painted_barcode(300, 0.6_in, 0.45_in);

    for (const Rect& area : {whole(painted.raster), Rect{0.3_in, 0.2_in, 2.6_in, 1.6_in}}) {
        INFO("area " << describe(area));
        const std::vector<check::FoundBarcode> found = check::find_barcodes(painted.raster, area);
        REQUIRE(found.size() == 2);
        CHECK(found[0].symbology == "EAN-13");
        CHECK(found[0].data == "9780306406157");
        CHECK(found[1].symbology == "EAN-5");
        CHECK(found[1].data == "51699");
        for (const check::FoundBarcode& barcode : found) {
            INFO(barcode.symbology << " at " << describe(barcode.box));
            CHECK(painted.box.contains(barcode.box));
            // zbar's points are where its scan lines decoded the symbol: on every row
            // through the bars, so the box spans most of their height.
            CHECK(barcode.box.height > 0.6_in);
        }
        // The EAN-13 is decoded in both directions, at both ends: its box spans its bars.
        CHECK(found[0].box.width > 1_in);
        // The add-on is right of the main symbol.
        CHECK(found[0].box.right() <= found[1].box.left());
    }
}

TEST_CASE("find_barcodes reads the barcode at 200 ppi", "[raster]") {
    const PaintedBarcode painted = painted_barcode(200, 0.55_in, 0.4_in);
    const std::vector<check::FoundBarcode> found =
        check::find_barcodes(painted.raster, whole(painted.raster));
    REQUIRE(found.size() == 2);
    CHECK(found[0].data == "9780306406157");
    CHECK(found[1].data == "51699");
}

TEST_CASE("find_barcodes finds nothing where there is no barcode", "[raster]") {
    const PaintedBarcode painted = painted_barcode(300, 0.6_in, 0.45_in);
    // Beside the barcode.
    CHECK(check::find_barcodes(painted.raster, Rect{2.7_in, 0_in, 0.3_in, 2_in}).empty());
    // Text.
    Canvas canvas(3_in, 2_in, 300, white);
    canvas.text_block(Rect{0.2_in, 0.2_in, 2.6_in, 1.6_in}, 9_pt, 11_pt, black);
    const Raster text = canvas.raster();
    CHECK(check::find_barcodes(text, whole(text)).empty());
    // Off the raster.
    CHECK(check::find_barcodes(text, Rect{4_in, 0_in, 1_in, 1_in}).empty());
}

// ---------------------------------------------------------------------------------------------
// largest_content_block

TEST_CASE("largest_content_block finds the artwork on a template page", "[raster]") {
    // A 15 x 12 in template page at 50 ppi: the cover art of a 6 x 9 in paperback placed at
    // (0.73, 1.31) in, and the printer's text block on white to its right.
    const Rect art{0.73_in, 1.31_in, 12.9256_in, 9.25_in};
    Canvas canvas(15_in, 12_in, 50);
    canvas.fill(art, navy);
    canvas.fill(Rect{art.x + 6_in, art.y, 0.6756_in, art.height}, sand);
    canvas.text("THE SALT ROAD", art.x + 7_in, art.y + 2_in, 48_pt, white);
    for (int line = 0; line < 12; ++line)
        canvas.text("Spine width 0.6756 in, bleed 0.125 in", 13.8_in, 1.5_in + line * 0.25_in, 9_pt,
                    black);
    const Raster raster = canvas.raster();

    const auto block = check::largest_content_block(raster);
    REQUIRE(block);
    INFO(describe(*block));
    CHECK(near(*block, art, 0.02_in));  // one pixel

    const Raster blank = flat(15_in, 12_in, 50, white);
    CHECK_FALSE(check::largest_content_block(blank));
}

TEST_CASE("largest_content_block joins pixels through their sides only", "[raster]") {
    // Two blocks meeting only at a corner are two blocks.
    Canvas canvas(15_in, 12_in, 36);
    canvas.fill(Rect{1_in, 1_in, 6_in, 6_in}, navy);
    canvas.fill(Rect{7_in, 7_in, 5_in, 4_in}, sand);
    const auto block = check::largest_content_block(canvas.raster());
    REQUIRE(block);
    CHECK(*block == Rect{1_in, 1_in, 6_in, 6_in});
}

TEST_CASE("largest_content_block ignores blocks below the minimum share", "[raster]") {
    Canvas canvas(15_in, 12_in, 36);
    canvas.fill(Rect{2_in, 3_in, 3_in, 2_in}, navy);  // 6 of 180 sq in: 3.3%
    const Raster raster = canvas.raster();
    CHECK_FALSE(check::largest_content_block(raster));
    const auto block = check::largest_content_block(raster, 0.03);
    REQUIRE(block);
    CHECK(*block == Rect{2_in, 3_in, 3_in, 2_in});
}

// ---- marks, downsampling, where bar codes may be --------------------------------------------

TEST_CASE("find_marks finds hairlines standing alone, to a fraction of a pixel", "[raster][marks]") {
    // 4 x 3 in at 100 ppi, white. A vertical mark 0.3 in long centred between columns 123 and
    // 124 (two half-dark columns: its centre at 1.24 in); a horizontal mark at row 200 (2.005
    // in); a letter-sized stroke 0.1 in long; a line with a neighbour 0.03 in away (a letter of
    // a word); a bar 0.1 in wide.
    Raster r = make_raster(4_in, 3_in, 100, [](int x, int y) {
        const auto grey = [](int level) {
            const auto l = static_cast<std::uint8_t>(level);
            return Rgb{l, l, l};
        };
        if ((x == 123 || x == 124) && y >= 50 && y < 80)
            return grey(128);
        if (y == 200 && x >= 250 && x < 290)
            return grey(0);
        if (x == 50 && y >= 150 && y < 160)
            return grey(0);
        if ((x == 300 || x == 303) && y >= 20 && y < 60)
            return grey(0);
        if (x >= 350 && x < 360 && y >= 100 && y < 150)
            return grey(0);
        return grey(255);
    });
    const Rect all{Length(), Length(), 4_in, 3_in};
    const auto marks = check::find_marks(r, all, 0.15_in, 1.5_in, 0.06_in);
    REQUIRE(marks.size() == 2);
    const auto vertical = std::find_if(marks.begin(), marks.end(), [](const auto& m) { return m.vertical; });
    const auto horizontal = std::find_if(marks.begin(), marks.end(), [](const auto& m) { return !m.vertical; });
    REQUIRE(vertical != marks.end());
    REQUIRE(horizontal != marks.end());
    CHECK(abs(vertical->at - 1.24_in) <= 0.001_in);
    CHECK(vertical->from == 0.5_in);
    CHECK(vertical->to == 0.8_in);
    CHECK(abs(horizontal->at - 2.005_in) <= 0.001_in);
    // Only inside the area asked.
    CHECK(check::find_marks(r, Rect{Length(), Length(), 2_in, 3_in}, 0.15_in, 1.5_in, 0.06_in)
              .size() == 1);
}

TEST_CASE("downsampled averages whole blocks, partial ones by what they hold", "[raster]") {
    // 3 x 2 pixels at 100 ppi: levels 0, 100, 200 / 50, 150, 250.
    Raster r = make_raster(0.03_in, 0.02_in, 100, [](int x, int y) {
        const auto l = static_cast<std::uint8_t>(x * 100 + y * 50);
        return Rgb{l, l, l};
    });
    const Raster half = check::downsampled(r, 2);
    CHECK(half.width == 2);
    CHECK(half.height == 1);
    CHECK(half.pixels_per_inch == 50);
    CHECK(half.pixel(0, 0)[0] == 75);   // (0 + 100 + 50 + 150) / 4
    CHECK(half.pixel(1, 0)[0] == 225);  // (200 + 250) / 2
    CHECK_THROWS_AS(check::downsampled(r, 0), std::invalid_argument);
}

TEST_CASE("barcode_candidates sees bars, not text, art or flat colour", "[raster][barcode]") {
    // 6 x 4 in at 100 ppi: bars of 1 to 3 pixels between x 1 and 2 in, y 2.5 to 3.3 in (an
    // EAN-13 at 100 ppi); text-like blocks (strokes both ways) at the top; noise elsewhere.
    Random random(7);
    Raster r = make_raster(6_in, 4_in, 100, [&](int x, int y) {
        if (x >= 100 && x < 200 && y >= 250 && y < 330) {
            const int width = 1 + (x * 7 / 3) % 3;
            const bool dark = ((x - 100) / width) % 2 == 0;
            const std::uint8_t l = dark ? 0 : 255;
            return Rgb{l, l, l};
        }
        if (y >= 50 && y < 70 && x >= 50 && x < 400) {
            const bool ink = (x % 6 < 2) || (y % 6 < 2);
            const std::uint8_t l = ink ? 30 : 240;
            return Rgb{l, l, l};
        }
        const int l = 180 + random.offset(10);
        return Rgb{clamp_level(l), clamp_level(l), clamp_level(l)};
    });
    const auto found =
        check::barcode_candidates(r, Rect{Length(), Length(), 6_in, 4_in}, 0.1_in);
    REQUIRE(found.size() == 1);
    CHECK(found[0].contains(Rect::from_edges(1.1_in, 2.6_in, 1.9_in, 3.2_in)));
    CHECK(found[0].left() >= 0.6_in);
    CHECK(found[0].bottom() <= 3.8_in);
}
