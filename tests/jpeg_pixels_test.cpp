// A page that is one JPEG (a flattened cover) is painted from the JPEG itself, decoded at a DCT
// scale, instead of rendered by Poppler. These tests make such pages (JPEGs encoded here with
// libjpeg, ICC profiles made with lcms2, PDFs with qpdf), render each both ways, and compare the
// pixels: the same at full scale, within a few levels at reduced scales, where libjpeg's scaled
// IDCT stands in for Splash's box average. Pages with anything else on them go to Poppler.
#include <cstdio>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>
#include <lcms2.h>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "../check/src/jpeg_pixels.hpp"
#include "jpeg_writer.hpp"
#include "podcover/check/cover_pdf.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::check;
using namespace podcover::literals;
namespace fs = std::filesystem;
using Catch::StartsWith;
using podcover::test::TempDir;

namespace {

// ---- JPEGs and ICC profiles ------------------------------------------------------------------

// Smooth art: a few slow waves per channel (the kind of picture where a scaled IDCT and a box
// average agree), and with `edges`, hard-edged bars across it too.
std::vector<std::uint8_t> art(int width, int height, int components, bool edges) {
    std::vector<std::uint8_t> samples(static_cast<std::size_t>(width) * height * components);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            for (int c = 0; c < components; ++c) {
                const double u = static_cast<double>(x) / width,
                             v = static_cast<double>(y) / height;
                double value = 128 + 90 * std::sin(6.2 * u * (1 + 0.3 * c) + 1.7 * c) *
                                         std::cos(4.1 * v * (1 + 0.2 * c) + 0.5 * c);
                if (edges && (x / 37 + y / 23 + c) % 5 == 0)
                    value = c % 2 ? 20 : 235;
                samples[(static_cast<std::size_t>(y) * width + x) * components + c] =
                    static_cast<std::uint8_t>(std::lround(std::clamp(value, 0.0, 255.0)));
            }
        }
    }
    return samples;
}

// `samples` (in `input` colour, `components` a pixel) as a JPEG stored in `stored` colour.
// libjpeg writes an Adobe marker for RGB (transform 0), CMYK (0) and YCCK (2), and JFIF for
// gray and YCbCr.
std::vector<std::uint8_t> encode_jpeg(const std::vector<std::uint8_t>& samples, int width,
                                      int height, int components, J_COLOR_SPACE input,
                                      J_COLOR_SPACE stored, bool progressive = false) {
    podcover::test::JpegSpec spec;
    spec.width = width;
    spec.height = height;
    spec.components = components;
    spec.input = input;
    spec.stored = stored;
    spec.quality = 92;
    spec.progressive = progressive;
    const std::size_t row_size = static_cast<std::size_t>(width * components);
    const std::string jpeg = podcover::test::encode_jpeg(spec, [&](int y, unsigned char* row) {
        std::copy_n(samples.begin() + static_cast<std::ptrdiff_t>(y * row_size), row_size, row);
    });
    return std::vector<std::uint8_t>(jpeg.begin(), jpeg.end());
}

std::vector<std::uint8_t> profile_bytes(cmsHPROFILE profile) {
    REQUIRE(profile != nullptr);
    cmsUInt32Number size = 0;
    REQUIRE(cmsSaveProfileToMem(profile, nullptr, &size));
    std::vector<std::uint8_t> bytes(size);
    REQUIRE(cmsSaveProfileToMem(profile, bytes.data(), &size));
    cmsCloseProfile(profile);
    return bytes;
}

// A gray profile with a linear tone curve: lcms2 then maps gray through sRGB's curve, not 1:1.
std::vector<std::uint8_t> linear_gray_profile() {
    cmsToneCurve* linear = cmsBuildGamma(nullptr, 1.0);
    cmsHPROFILE profile = cmsCreateGrayProfile(cmsD50_xyY(), linear);
    cmsFreeToneCurve(linear);
    return profile_bytes(profile);
}

// With `wide`, Adobe RGB (1998)'s primaries and gamma: wider than sRGB, so colours move, and
// those outside sRGB are clipped (where a level of difference in the image can make twenty in
// sRGB). Otherwise sRGB's primaries with a gamma of 1.8: colours move less and smoothly.
std::vector<std::uint8_t> rgb_profile(bool wide) {
    cmsCIExyY white{0.3127, 0.3290, 1.0};
    const cmsCIExyYTRIPLE primaries =
        wide ? cmsCIExyYTRIPLE{{0.64, 0.33, 1.0}, {0.21, 0.71, 1.0}, {0.15, 0.06, 1.0}}
             : cmsCIExyYTRIPLE{{0.64, 0.33, 1.0}, {0.30, 0.60, 1.0}, {0.15, 0.06, 1.0}};
    cmsToneCurve* gamma = cmsBuildGamma(nullptr, wide ? 2.2 : 1.8);
    cmsToneCurve* curves[3] = {gamma, gamma, gamma};
    cmsHPROFILE profile = cmsCreateRGBProfile(&white, &primaries, curves);
    cmsFreeToneCurve(gamma);
    return profile_bytes(profile);
}

// A CMYK printer profile built here (no CMYK profile ships with the packages podcover builds
// with): ink mixed to Lab by a simple subtractive model, tabulated on a 9-point grid, with the
// inverse table lcms2 wants of an output profile.
std::vector<std::uint8_t> made_up_cmyk_profile() {
    cmsHPROFILE profile = cmsCreateProfilePlaceholder(nullptr);
    cmsSetProfileVersion(profile, 2.1);  // v2: its lut16 tables take a bare grid
    cmsSetDeviceClass(profile, cmsSigOutputClass);
    cmsSetColorSpace(profile, cmsSigCmykData);
    cmsSetPCS(profile, cmsSigLabData);
    cmsWriteTag(profile, cmsSigMediaWhitePointTag, cmsD50_XYZ());
    cmsPipeline* to_lab = cmsPipelineAlloc(nullptr, 4, 3);
    cmsStage* ink = cmsStageAllocCLut16bit(nullptr, 9, 4, 3, nullptr);
    cmsStageSampleCLut16bit(
        ink,
        [](const cmsUInt16Number in[], cmsUInt16Number out[], void*) -> cmsInt32Number {
            const double c = in[0] / 65535.0, m = in[1] / 65535.0, y = in[2] / 65535.0,
                         k = in[3] / 65535.0;
            cmsCIELab lab{100 * (1 - k) * (1 - 0.25 * c - 0.35 * m - 0.1 * y),
                          70 * m - 40 * c - 10 * y, 80 * y - 45 * c - 20 * m};
            lab.L = std::clamp(lab.L, 0.0, 100.0);
            cmsFloat2LabEncoded(out, &lab);
            return TRUE;
        },
        nullptr, 0);
    cmsPipelineInsertStage(to_lab, cmsAT_BEGIN, ink);
    cmsWriteTag(profile, cmsSigAToB0Tag, to_lab);
    cmsPipeline* to_ink = cmsPipelineAlloc(nullptr, 3, 4);
    cmsStage* separation = cmsStageAllocCLut16bit(nullptr, 9, 3, 4, nullptr);
    cmsStageSampleCLut16bit(
        separation,
        [](const cmsUInt16Number in[], cmsUInt16Number out[], void*) -> cmsInt32Number {
            cmsCIELab lab;
            cmsLabEncoded2Float(&lab, in);
            const double k = std::clamp(1 - lab.L / 100, 0.0, 1.0);
            out[0] = static_cast<cmsUInt16Number>(std::clamp(-lab.a / 80, 0.0, 1.0) * 65535);
            out[1] = static_cast<cmsUInt16Number>(std::clamp(lab.a / 80, 0.0, 1.0) * 65535);
            out[2] = static_cast<cmsUInt16Number>(std::clamp(lab.b / 90, 0.0, 1.0) * 65535);
            out[3] = static_cast<cmsUInt16Number>(k * 65535);
            return TRUE;
        },
        nullptr, 0);
    cmsPipelineInsertStage(to_ink, cmsAT_BEGIN, separation);
    cmsWriteTag(profile, cmsSigBToA0Tag, to_ink);
    cmsPipelineFree(to_lab);
    cmsPipelineFree(to_ink);
    cmsMD5computeID(profile);
    return profile_bytes(profile);
}

// ---- PDFs --------------------------------------------------------------------------------------

// An image XObject: the JPEG's bytes as they are, with `dictionary` entries besides the usual.
struct PdfImage {
    std::vector<std::uint8_t> jpeg;
    int width = 0;
    int height = 0;
    std::string colour_space;       // "/DeviceRGB", ... or empty for ICCBased
    std::vector<std::uint8_t> icc;  // the profile, for ICCBased
    int icc_components = 0;
    std::string dictionary;  // "/Decode [1 0 1 0 1 0 1 0]", ...
};

// A one-page PDF, `width_pt` x `height_pt`, whose content draws images named /Im0, /Im1 ...;
// `page_entries` adds entries to the page dictionary (/Rotate), `resources` to its resources,
// and `more` may change the page before it is written.
void write_pdf(const fs::path& path, double width_pt, double height_pt, const std::string& content,
               const std::vector<PdfImage>& images, const std::string& resources = "",
               const std::string& page_entries = "",
               const std::function<void(QPDF&, QPDFObjectHandle&)>& more = {}) {
    QPDF pdf;
    pdf.emptyPDF();
    auto xobjects = QPDFObjectHandle::newDictionary();
    for (std::size_t i = 0; i < images.size(); ++i) {
        const PdfImage& image = images[i];
        auto stream = QPDFObjectHandle::newStream(&pdf);
        stream.replaceDict(QPDFObjectHandle::parse(
            "<< /Type /XObject /Subtype /Image /Width " + std::to_string(image.width) +
            " /Height " + std::to_string(image.height) + " /BitsPerComponent 8 " +
            image.dictionary + " >>"));
        if (!image.icc.empty()) {
            auto profile =
                QPDFObjectHandle::newStream(&pdf, std::string(image.icc.begin(), image.icc.end()));
            profile.getDict().replaceKey("/N", QPDFObjectHandle::newInteger(image.icc_components));
            auto space = QPDFObjectHandle::newArray();
            space.appendItem(QPDFObjectHandle::newName("/ICCBased"));
            space.appendItem(pdf.makeIndirectObject(profile));
            stream.getDict().replaceKey("/ColorSpace", space);
        } else {
            stream.getDict().replaceKey("/ColorSpace",
                                        QPDFObjectHandle::newName(image.colour_space));
        }
        stream.replaceStreamData(std::string(image.jpeg.begin(), image.jpeg.end()),
                                 QPDFObjectHandle::newName("/DCTDecode"),
                                 QPDFObjectHandle::newNull());
        xobjects.replaceKey("/Im" + std::to_string(i), pdf.makeIndirectObject(stream));
    }
    char box[128];
    std::snprintf(box, sizeof box, "[0 0 %.4f %.4f]", width_pt, height_pt);
    auto page = pdf.makeIndirectObject(
        QPDFObjectHandle::parse("<< /Type /Page /MediaBox " + std::string(box) + " /Resources << " +
                                resources + " >> " + page_entries + " >>"));
    page.getKey("/Resources").replaceKey("/XObject", xobjects);
    page.replaceKey("/Contents", QPDFObjectHandle::newStream(&pdf, content));
    if (more)
        more(pdf, page);
    QPDFPageDocumentHelper(pdf).addPage(page, false);
    QPDFWriter writer(pdf, path.c_str());
    writer.setStaticID(true);
    writer.write();
}

// The content drawing /Im0 over `w` x `h` pt at (x, y) from the bottom left.
std::string draw_image(double x, double y, double w, double h, const std::string& name = "/Im0") {
    char text[160];
    std::snprintf(text, sizeof text, "q %.4f 0 0 %.4f %.4f %.4f cm %s Do Q\n", w, h, x, y,
                  name.c_str());
    return text;
}

std::unique_ptr<CoverPdf> open(const fs::path& path) {
    return CoverPdf::open(path, Deadline::after(std::chrono::minutes(2)));
}

bool decoded(const RenderedArea& area) {
    return area.source.rfind("decoded the page's JPEG", 0) == 0;
}

// The largest difference of any channel of any pixel; both the same size.
int max_difference(const Raster& a, const Raster& b) {
    REQUIRE(a.width == b.width);
    REQUIRE(a.height == b.height);
    int worst = 0;
    for (std::size_t i = 0; i < a.rgb.size(); ++i)
        worst = std::max(worst, std::abs(static_cast<int>(a.rgb[i]) - static_cast<int>(b.rgb[i])));
    return worst;
}

// The mean difference over all channels.
double mean_difference(const Raster& a, const Raster& b) {
    double sum = 0;
    for (std::size_t i = 0; i < a.rgb.size(); ++i)
        sum += std::abs(static_cast<int>(a.rgb[i]) - static_cast<int>(b.rgb[i]));
    return sum / static_cast<double>(a.rgb.size());
}

// Renders `area` of the page from its JPEG and by Poppler at the resolution the JPEG gave, and
// checks that the placement agrees; returns both.
std::pair<RenderedArea, RenderedArea> both_ways(const CoverPdf& pdf, double ppi,
                                                std::optional<Rect> area = std::nullopt) {
    RenderedArea fast = pdf.render(ppi, area);
    INFO(fast.source);
    REQUIRE(decoded(fast));
    RenderedArea poppler = pdf.render_by_poppler(fast.raster.pixels_per_inch, area);
    CHECK(poppler.source == "rendered by Poppler");
    CHECK(fast.origin_x == poppler.origin_x);
    CHECK(fast.origin_y == poppler.origin_y);
    CHECK(fast.raster.pixels_per_inch == poppler.raster.pixels_per_inch);
    REQUIRE(fast.raster.width == poppler.raster.width);
    REQUIRE(fast.raster.height == poppler.raster.height);
    return {std::move(fast), std::move(poppler)};
}

// The image of the tests: 480 x 360 pixels on a 4 x 3 in page, 120 ppi.
constexpr int image_width = 480, image_height = 360;
constexpr double page_width_pt = 288, page_height_pt = 216;

struct Kind {
    std::string name;
    PdfImage image;
    ImageColour colour;  // what the page says of it, as jpeg_pixels takes it
};

// Every colour case the fast path takes; with `edges`, hard-edged art and a wide-gamut RGB
// profile, otherwise smooth art and a gentle one (for comparisons at reduced scales, where the
// two decoders differ by a few levels before colour conversion).
std::vector<Kind> kinds(bool edges) {
    std::vector<Kind> all;
    const auto make = [&](const std::string& name, int components, J_COLOR_SPACE input,
                          J_COLOR_SPACE stored, const std::string& space,
                          const std::string& dictionary = "", bool invert = false) {
        auto samples = art(image_width, image_height, components, edges);
        if (invert) {
            for (auto& s : samples)
                s = static_cast<std::uint8_t>(255 - s);
        }
        PdfImage image{encode_jpeg(samples, image_width, image_height, components, input, stored),
                       image_width,
                       image_height,
                       space,
                       {},
                       0,
                       dictionary};
        ImageColour colour;
        colour.space = components == 1   ? ImageColour::Space::gray
                       : components == 3 ? ImageColour::Space::rgb
                                         : ImageColour::Space::cmyk;
        if (!dictionary.empty()) {
            for (int i = 0; i < components; ++i)
                colour.decode.insert(colour.decode.end(), {1.0, 0.0});
        }
        all.push_back({name, std::move(image), colour});
    };
    // An ICC profile of `components` for the kind just made.
    const auto profile = [&](int components, std::vector<std::uint8_t> bytes) {
        all.back().image.icc_components = components;
        all.back().image.icc = bytes;
        all.back().colour.icc_profile = std::move(bytes);
    };
    make("DeviceRGB (YCbCr, JFIF)", 3, JCS_RGB, JCS_YCbCr, "/DeviceRGB");
    all.push_back(all.back());
    all.back().name = "DeviceRGB, progressive";
    all.back().image.jpeg = encode_jpeg(art(image_width, image_height, 3, edges), image_width,
                                        image_height, 3, JCS_RGB, JCS_YCbCr, true);
    make("DeviceRGB stored as RGB (Adobe marker, transform 0)", 3, JCS_RGB, JCS_RGB, "/DeviceRGB");
    make("DeviceGray", 1, JCS_GRAYSCALE, JCS_GRAYSCALE, "/DeviceGray");
    make("DeviceGray with /Decode [1 0]", 1, JCS_GRAYSCALE, JCS_GRAYSCALE, "/DeviceGray",
         "/Decode [1 0]");
    make("DeviceCMYK (Adobe marker, transform 0)", 4, JCS_CMYK, JCS_CMYK, "/DeviceCMYK");
    make("DeviceCMYK as Photoshop writes it (YCCK, inverted, /Decode [1 0 1 0 1 0 1 0])", 4,
         JCS_CMYK, JCS_YCCK, "/DeviceCMYK", "/Decode [1 0 1 0 1 0 1 0]", true);
    make("ICCBased Gray", 1, JCS_GRAYSCALE, JCS_GRAYSCALE, "");
    profile(1, linear_gray_profile());
    make("ICCBased RGB", 3, JCS_RGB, JCS_YCbCr, "");
    profile(3, rgb_profile(edges));
    make("ICCBased RGB with /Decode [1 0 1 0 1 0]", 3, JCS_RGB, JCS_YCbCr, "",
         "/Decode [1 0 1 0 1 0]");
    profile(3, rgb_profile(edges));
    make("ICCBased CMYK", 4, JCS_CMYK, JCS_YCCK, "");
    profile(4, made_up_cmyk_profile());
    return all;
}

}  // namespace

TEST_CASE("a page that is one JPEG is painted as Poppler paints it, in every colour space",
          "[check][jpeg]") {
    TempDir dir;
    for (const Kind& kind : kinds(true)) {
        INFO(kind.name);
        const fs::path path = dir.path / "one.pdf";
        write_pdf(path, page_width_pt, page_height_pt,
                  draw_image(0, 0, page_width_pt, page_height_pt), {kind.image});
        const auto pdf = open(path);

        // At the image's own resolution: decoded at full scale, the same pixels.
        auto [full, poppler] = both_ways(*pdf, 120);
        CHECK(full.source == "decoded the page's JPEG at 8/8 scale");
        CHECK(full.raster.pixels_per_inch == 120);
        CHECK(full.raster.width == 480);
        CHECK(max_difference(full.raster, poppler.raster) == 0);

        // Enlarged 2.5 times (Splash interpolates) and 5 times (it repeats pixels): the same.
        for (double ppi : {300.0, 600.0}) {
            auto [big, big_poppler] = both_ways(*pdf, ppi, Rect{1.1_in, 0.7_in, 1_in, 0.6_in});
            CHECK(big.raster.pixels_per_inch == ppi);
            CHECK(max_difference(big.raster, big_poppler.raster) == 0);
        }

        // A window away from the origin is that window of the whole page, pixel for pixel.
        const Rect window = Rect::from_edges(1.37_in, 0.83_in, 3.21_in, 2.05_in);
        const RenderedArea part = pdf->render(120, window);
        REQUIRE(decoded(part));
        const int dx = static_cast<int>(std::lround(part.origin_x.in() * 120));
        const int dy = static_cast<int>(std::lround(part.origin_y.in() * 120));
        CHECK(dx == 164);
        CHECK(dy == 99);
        int worst = 0;
        for (int y = 0; y < part.raster.height; ++y) {
            for (int x = 0; x < part.raster.width; ++x) {
                for (int c = 0; c < 3; ++c) {
                    worst = std::max(worst, std::abs(part.raster.pixel(x, y)[c] -
                                                     full.raster.pixel(x + dx, y + dy)[c]));
                }
            }
        }
        CHECK(worst == 0);
    }
}

TEST_CASE("at a reduced scale the pixels are within a few levels of Poppler's", "[check][jpeg]") {
    TempDir dir;
    for (const Kind& kind : kinds(false)) {
        INFO(kind.name);
        const fs::path path = dir.path / "smooth.pdf";
        write_pdf(path, page_width_pt, page_height_pt,
                  draw_image(0, 0, page_width_pt, page_height_pt), {kind.image});
        const auto pdf = open(path);
        // 40 ppi asked: 3/8 of the image's 120 gives 45, the smallest scale that reaches 40.
        auto [small, poppler] = both_ways(*pdf, 40);
        CHECK(small.source == "decoded the page's JPEG at 3/8 scale");
        CHECK(small.raster.pixels_per_inch == 45);
        CHECK(small.raster.width == 180);
        CHECK(small.raster.height == 135);
        // libjpeg's 3x3 IDCT against Splash's average of 2 or 3 pixels each way: on this art
        // at most 4 levels apart (YCbCr and ICC RGB; 2 or 3 for the others), 0.4 to 0.7 on
        // average. (On hard edges they differ more: a scaled IDCT is no box average.)
        CHECK(max_difference(small.raster, poppler.raster) <= 5);
        CHECK(mean_difference(small.raster, poppler.raster) < 0.8);
        // And a window of it, at 1/2 scale.
        auto [half, half_poppler] = both_ways(*pdf, 55, Rect{0.9_in, 1.3_in, 2_in, 1.2_in});
        CHECK(half.source == "decoded the page's JPEG at 4/8 scale");
        CHECK(max_difference(half.raster, half_poppler.raster) <= 5);
        CHECK(mean_difference(half.raster, half_poppler.raster) < 0.8);
    }
}

TEST_CASE("a JPEG placed anywhere, clipped to the page, on white, or on a turned page",
          "[check][jpeg]") {
    TempDir dir;
    const Kind kind = kinds(true)[0];
    const fs::path path = dir.path / "placed.pdf";
    SECTION("placed off the origin, partly off the page, on white") {
        // 2 x 1.5 in at (1.3, 0.45) in: 240 ppi; the page around it stays white.
        write_pdf(path, page_width_pt, page_height_pt, draw_image(93.6, 32.4, 144, 108),
                  {kind.image});
        const auto pdf = open(path);
        auto [fast, poppler] = both_ways(*pdf, 240);
        CHECK(max_difference(fast.raster, poppler.raster) == 0);
        CHECK(fast.raster.pixel(5, 5)[0] == 255);
        const fs::path edge_path = dir.path / "edge.pdf";
        write_pdf(edge_path, page_width_pt, page_height_pt, draw_image(200, -50, 144, 108),
                  {kind.image});
        const auto off = open(edge_path);
        auto [edge, edge_poppler] = both_ways(*off, 240);
        CHECK(max_difference(edge.raster, edge_poppler.raster) == 0);
    }
    SECTION("clipped to rectangles, over a white fill, with invisible text") {
        // The image 2 x 1.5 in at (0.5, 0.5) in, 240 ppi: its edges fall on pixel edges, where
        // Splash paints one pixel more unless a clip stops it.
        const std::string image = draw_image(36, 36, 144, 108);
        const std::vector<std::string> clips = {
            "0 0 288 216 re W n",                       // the page
            "36 36 144 108 re W n",                     // the image's own edges
            "50.3 47.9 80.15 41.2 re W n",              // a window inside it, off the pixel grid
            "0 0 200 300 re W n 40 0 100 900 re W n",   // two, intersected
            "20 20 m 200 30 l 100 180 l h W n",         // a triangle
            "50 50 m 150 50 150 150 100 150 c h W* n",  // a curve, even-odd
        };
        for (const std::string& clip : clips) {
            INFO(clip);
            write_pdf(path, page_width_pt, page_height_pt,
                      "1 1 1 rg 0 0 288 216 re f q " + clip + " " + image +
                          "Q BT 3 Tr /F1 12 Tf 20 20 Td (invisible words) Tj ET",
                      {kind.image},
                      "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>");
            const auto pdf = open(path);
            // Poppler's inventory first (render() finds out on its own otherwise).
            CHECK(pdf->inventory().images.size() == 1);
            auto [fast, poppler] = both_ways(*pdf, 240);
            CHECK(max_difference(fast.raster, poppler.raster) == 0);
            auto [part, part_poppler] = both_ways(*pdf, 300, Rect{0.4_in, 0.4_in, 1.3_in, 1_in});
            CHECK(max_difference(part.raster, part_poppler.raster) == 0);
        }
    }
    SECTION("drawn by a form XObject, as design tools export") {
        // The form moves and scales the image and clips to its bounding box.
        const auto add_form = [](QPDF& pdf, QPDFObjectHandle& page) {
            auto xobjects = page.getKey("/Resources").getKey("/XObject");
            auto form = QPDFObjectHandle::newStream(&pdf, "q 200 0 0 150 0 0 cm /Im0 Do Q");
            form.replaceDict(
                QPDFObjectHandle::parse("<< /Type /XObject /Subtype /Form /BBox [0 0 190 150] "
                                        "/Matrix [1.2 0 0 1.2 20.5 11.3] >>"));
            auto resources = QPDFObjectHandle::newDictionary();
            auto images = QPDFObjectHandle::newDictionary();
            images.replaceKey("/Im0", xobjects.getKey("/Im0"));
            resources.replaceKey("/XObject", images);
            form.getDict().replaceKey("/Resources", resources);
            xobjects.replaceKey("/Fm0", pdf.makeIndirectObject(form));
        };
        write_pdf(path, page_width_pt, page_height_pt, "/Fm0 Do", {kind.image}, "", "", add_form);
        const auto pdf = open(path);
        auto [fast, poppler] = both_ways(*pdf, 144);
        CHECK(fast.source == "decoded the page's JPEG at 8/8 scale");
        CHECK(max_difference(fast.raster, poppler.raster) == 0);
        auto [big, big_poppler] = both_ways(*pdf, 200, Rect{2_in, 1_in, 1.5_in, 1.5_in});
        CHECK(max_difference(big.raster, big_poppler.raster) == 0);
    }
    SECTION("a page turned by /Rotate 90 whose image comes out upright") {
        // Portrait user space, the image drawn a quarter turn anticlockwise.
        write_pdf(path, page_height_pt, page_width_pt, "q 0 288 -216 0 216 0 cm /Im0 Do Q",
                  {kind.image}, "", "/Rotate 90");
        const auto pdf = open(path);
        auto [fast, poppler] = both_ways(*pdf, 120);
        CHECK(fast.raster.width == 480);
        CHECK(max_difference(fast.raster, poppler.raster) == 0);
    }
}

TEST_CASE("decode_jpeg_rgb gives the image's pixels as Poppler paints them", "[check][jpeg]") {
    TempDir dir;
    for (const Kind& kind : kinds(true)) {
        INFO(kind.name);
        const fs::path path = dir.path / "one.pdf";
        write_pdf(path, page_width_pt, page_height_pt,
                  draw_image(0, 0, page_width_pt, page_height_pt), {kind.image});
        // Just under the image's 120 ppi its edges fall inside the page's last pixels, and
        // Splash paints the image pixel for pixel (at 120 it would stretch it by one more).
        const RenderedArea poppler = open(path)->render_by_poppler(119.999);
        REQUIRE(poppler.raster.width == image_width);
        const SplashColours colours(kind.colour);
        MemoryBytes whole(kind.image.jpeg);
        const Raster decoded = decode_jpeg_rgb(whole, colours, 8);
        CHECK(max_difference(decoded, poppler.raster) == 0);
        // A window of it, and the same at half scale against the whole image at half scale.
        MemoryBytes part_source(kind.image.jpeg);
        const Raster part = decode_jpeg_rgb(part_source, colours, 4, PixelWindow{33, 41, 100, 70});
        MemoryBytes half_source(kind.image.jpeg);
        const Raster half = decode_jpeg_rgb(half_source, colours, 4);
        REQUIRE(half.width == 240);
        int worst = 0;
        for (int y = 0; y < part.height; ++y) {
            for (int x = 0; x < part.width; ++x) {
                for (int c = 0; c < 3; ++c) {
                    worst = std::max(worst,
                                     std::abs(part.pixel(x, y)[c] - half.pixel(x + 33, y + 41)[c]));
                }
            }
        }
        CHECK(worst == 0);
    }
}

TEST_CASE("pages with more than one JPEG on them are left to Poppler", "[check][jpeg]") {
    TempDir dir;
    const Kind kind = kinds(true)[0];
    const std::string image = draw_image(0, 0, page_width_pt, page_height_pt);
    const std::string font =
        "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>";
    const std::vector<std::pair<std::string, std::string>> pages = {
        {"visible text", image + "BT /F1 24 Tf 20 20 Td (Title) Tj ET"},
        {"a second image", image + draw_image(10, 10, 50, 40)},
        {"a coloured fill under it", "0 0 1 rg 0 0 288 216 re f " + image},
        {"a white fill over it", image + "1 1 1 rg 10 10 50 50 re f"},
        {"a stroke", image + "0 G 10 10 m 100 100 l S"},
        {"an image turned 30 degrees", "q 200 115 -115 200 60 0 cm /Im0 Do Q"},
        {"an image upside down", "q 288 0 0 -216 0 216 cm /Im0 Do Q"},
        {"half opacity", "/Half gs " + image},
    };
    for (const auto& [what, content] : pages) {
        INFO(what);
        const fs::path path = dir.path / "busy.pdf";
        write_pdf(path, page_width_pt, page_height_pt, content, {kind.image, kind.image},
                  font + " /ExtGState << /Half << /ca 0.5 >> >>");
        const auto pdf = open(path);
        const RenderedArea rendered = pdf->render(60);
        CHECK(rendered.source == "rendered by Poppler");
        CHECK(rendered.raster.pixels_per_inch == 60);
    }
}

TEST_CASE("damaged JPEG data: a typed error, and Poppler paints the page", "[check][jpeg]") {
    TempDir dir;
    const Kind kind = kinds(true)[0];
    const std::vector<std::uint8_t>& good = kind.image.jpeg;
    const std::vector<std::uint8_t> truncated(
        good.begin(), good.begin() + static_cast<long>(good.size() * 3 / 5));
    std::vector<std::uint8_t> scrambled = good;
    for (std::size_t i = scrambled.size() / 3; i < scrambled.size() - 2; i += 7)
        scrambled[i] = static_cast<std::uint8_t>(scrambled[i] * 31 + 7);
    const std::vector<std::uint8_t> garbage(5000, 0x42);

    for (const std::vector<std::uint8_t>* bytes :
         {&truncated, static_cast<const std::vector<std::uint8_t>*>(&scrambled), &garbage}) {
        MemoryBytes source(*bytes);
        CHECK_THROWS_AS(decode_jpeg(source, 8), JpegError);
        PdfImage image = kind.image;
        image.jpeg = *bytes;
        const fs::path path = dir.path / "damaged.pdf";
        write_pdf(path, page_width_pt, page_height_pt,
                  draw_image(0, 0, page_width_pt, page_height_pt), {image});
        const auto pdf = open(path);
        RenderedArea rendered;
        REQUIRE_NOTHROW(rendered = pdf->render(60));
        CHECK(rendered.source == "rendered by Poppler");
        CHECK(rendered.raster.width == 240);
    }

    // Bytes before the start of image are passed over, as Poppler does.
    std::vector<std::uint8_t> prefixed(good.size() + 4);
    prefixed[1] = 0xFF;
    prefixed[2] = 0x17;
    std::copy(good.begin(), good.end(), prefixed.begin() + 4);
    MemoryBytes source(prefixed);
    const JpegSamples samples = decode_jpeg(source, 8, PixelWindow{10, 20, 30, 40});
    CHECK(samples.image_width == image_width);
    CHECK(samples.window == PixelWindow{10, 20, 30, 40});
    CHECK(samples.samples.size() == 30 * 40 * 3);
}

TEST_CASE("a JPEG larger than the cap is refused before it is decoded", "[check][jpeg]") {
    // A 480 x 360 JPEG whose frame header claims 30000 x 30000 pixels (900 million).
    std::vector<std::uint8_t> jpeg = kinds(true)[0].image.jpeg;
    bool patched = false;
    for (std::size_t i = 0; i + 9 < jpeg.size(); ++i) {
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) {
            jpeg[i + 5] = jpeg[i + 7] = 30000 >> 8;
            jpeg[i + 6] = jpeg[i + 8] = 30000 & 0xFF;
            patched = true;
            break;
        }
    }
    REQUIRE(patched);
    MemoryBytes header(jpeg);
    CHECK(read_jpeg_header(header).width == 30000);
    MemoryBytes source(jpeg);
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_WITH(decode_jpeg(source, 1), Catch::Contains("over the 400 million"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
    // A window larger than the caller's cap, likewise.
    const std::vector<std::uint8_t> small = kinds(true)[0].image.jpeg;
    MemoryBytes again(small);
    CHECK_THROWS_AS(decode_jpeg(again, 8, std::nullopt, -1, 1000), JpegError);
}
