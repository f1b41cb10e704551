// Print colour (docs/color.md): our IngramSpark cover read back the way a preflight reads it
// (qpdf for every object, pdfimages, Poppler's Splash rendering in CMYK for the ink), its
// colours against lcms2's own transform, and CMYK art kept byte for byte.
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <SplashOutputDev.h>
#include <goo/GooString.h>
#include <splash/SplashBitmap.h>

#include <cairo-pdf.h>
#include <lcms2.h>
#include <nlohmann/json.hpp>
#include <qpdf/Buffer.hh>
#include <qpdf/Pl_Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>
#include <sstream>

#include "jpeg_writer.hpp"
#include "podcover/errors.hpp"
#include "podcover/render/color.hpp"
#include "podcover/render/jpeg_errors.hpp"
#include "podcover/render/pdf_output.hpp"
#include "podcover/render/render_job.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::render;
namespace fs = std::filesystem;
using Catch::Contains;
using podcover::test::sample_job;
using podcover::test::slurp;
using podcover::test::TempDir;
using podcover::test::write;

namespace {

fs::path cover_of(const RenderReport& report, const std::string& printer) {
    for (const auto& file : report.outputs) {
        if (file.kind == "cover" && file.printer == printer)
            return file.path;
    }
    FAIL("no cover for " << printer);
    return {};
}

const CoverColor& color_of(const RenderReport& report, const std::string& printer) {
    for (const auto& color : report.colors) {
        if (color.printer == printer)
            return color;
    }
    FAIL("no colour for " << printer);
    return report.colors.front();
}

// The sample book, rendered once for the tests that only read its files.
struct Rendered {
    TempDir dir;
    RenderReport report;
};
const Rendered& sample() {
    static Rendered* rendered = [] {
        auto* r = new Rendered;
        r->report = render_job(read_job_file(sample_job), test::both_printers(), r->dir.path);
        return r;
    }();
    return *rendered;
}

// A copy of the sample job with one line replaced, beside the sample's art, rendered.
RenderReport render_variant(const TempDir& dir,
                            const std::vector<std::pair<std::string, std::string>>& edits,
                            const std::vector<const PrinterSpec*>& printers,
                            const RenderOptions& options = {}) {
    std::string text = slurp(sample_job);
    for (const auto& [from, to] : edits) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    }
    fs::create_directories(dir.path / "art");
    if (!fs::exists(dir.path / "art" / "wrap.jpg"))
        fs::copy_file(sample_job.parent_path() / "art" / "wrap.jpg", dir.path / "art" / "wrap.jpg");
    write(dir.path / "book.toml", text);
    return render_job(read_job_file(dir.path / "book.toml"), printers, dir.path / "out", options);
}

std::string page_contents(const fs::path& pdf_path) {
    QPDF pdf;
    pdf.processFile(pdf_path.c_str());
    auto page = QPDFPageDocumentHelper(pdf).getAllPages().at(0);
    Pl_Buffer buffer("contents");
    page.pipeContents(&buffer);
    const auto bytes = buffer.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char*>(bytes->getBuffer()), bytes->getSize());
}

// The words of a content stream, split at white space (our streams have no strings with
// spaces in the places read here).
std::vector<std::string> words(const std::string& contents) {
    std::vector<std::string> all;
    std::istringstream in(contents);
    std::string word;
    while (in >> word)
        all.push_back(word);
    return all;
}

double number(const std::string& text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    REQUIRE(error == std::errc());
    return value;
}

// The operands of every `op` (k, K, rg...) in order.
std::vector<std::vector<double>> operands_of(const std::string& contents, const std::string& op,
                                             std::size_t count) {
    const auto all = words(contents);
    std::vector<std::vector<double>> found;
    for (std::size_t i = count; i < all.size(); ++i) {
        if (all[i] != op)
            continue;
        std::vector<double> values;
        for (std::size_t j = i - count; j < i; ++j)
            values.push_back(number(all[j]));
        found.push_back(values);
    }
    return found;
}

// Every object of the file, with a path for messages.
template <class Visit>
void each_object(QPDFObjectHandle object, const std::string& path, std::set<QPDFObjGen>& seen,
                 Visit visit) {
    if (object.isIndirect() && !seen.insert(object.getObjGen()).second)
        return;
    visit(object, path);
    if (object.isArray()) {
        for (int i = 0; i < object.getArrayNItems(); ++i)
            each_object(object.getArrayItem(i), path + "[" + std::to_string(i) + "]", seen, visit);
    } else if (object.isDictionary() || object.isStream()) {
        QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
        for (const auto& key : dict.getKeys())
            each_object(dict.getKey(key), path + key, seen, visit);
    }
}

// The largest total ink (per cent) over any square of about 1 mm on a side, from Poppler's
// Splash rendering of the first page in CMYK at 150 ppi (1 mm: 6 pixels).
double max_ink_per_mm2(const fs::path& pdf_path) {
    if (!globalParams)
        globalParams = std::make_unique<GlobalParams>();
    PDFDoc document(std::make_unique<GooString>(pdf_path.string()));
    REQUIRE(document.isOk());
    SplashColor paper = {0, 0, 0, 0};  // no ink
    SplashOutputDev splash(splashModeCMYK8, 1, false, paper);
    splash.startDoc(&document);
    document.displayPage(&splash, 1, 150, 150, 0, false, false, false);
    SplashBitmap* bitmap = splash.getBitmap();
    const int width = bitmap->getWidth(), height = bitmap->getHeight();
    const int stride = bitmap->getRowSize();
    const unsigned char* data = bitmap->getDataPtr();
    // Summed-area table of the pixels' total ink (0..1020).
    std::vector<long> sums(static_cast<std::size_t>(width + 1) * (height + 1), 0);
    const auto at = [&](int x, int y) -> long& {
        return sums[static_cast<std::size_t>(y) * (width + 1) + x];
    };
    for (int y = 0; y < height; ++y) {
        const unsigned char* row = data + static_cast<std::ptrdiff_t>(y) * stride;
        long across = 0;
        for (int x = 0; x < width; ++x) {
            across += row[4 * x] + row[4 * x + 1] + row[4 * x + 2] + row[4 * x + 3];
            at(x + 1, y + 1) = at(x + 1, y) + across;
        }
    }
    constexpr int side = 6;
    long largest = 0;
    for (int y = 0; y + side <= height; ++y) {
        for (int x = 0; x + side <= width; ++x) {
            const long total =
                at(x + side, y + side) - at(x, y + side) - at(x + side, y) + at(x, y);
            largest = std::max(largest, total);
        }
    }
    return static_cast<double>(largest) / (side * side) * 100 / 255;
}

// lcms2's own colours, for comparison: sRGB to the profile's CMYK (relative colorimetric, black
// point compensation), and CMYK to Lab.
struct Lcms {
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    cmsHPROFILE lab = cmsCreateLab4Profile(nullptr);
    cmsHPROFILE cmyk;
    cmsHTRANSFORM to_cmyk, to_lab;
    explicit Lcms(const std::string& icc)
        : cmyk(cmsOpenProfileFromMem(icc.data(), static_cast<cmsUInt32Number>(icc.size()))) {
        to_cmyk = cmsCreateTransform(srgb, TYPE_RGB_DBL, cmyk, TYPE_CMYK_DBL,
                                     INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION);
        to_lab = cmsCreateTransform(cmyk, TYPE_CMYK_DBL, lab, TYPE_Lab_DBL,
                                    INTENT_RELATIVE_COLORIMETRIC, 0);
    }
    ~Lcms() {
        cmsDeleteTransform(to_cmyk);
        cmsDeleteTransform(to_lab);
        cmsCloseProfile(srgb);
        cmsCloseProfile(lab);
        cmsCloseProfile(cmyk);
    }
    std::array<double, 4> ink(const Color& c) const {
        const double rgb[3] = {c.red, c.green, c.blue};
        std::array<double, 4> out{};
        cmsDoTransform(to_cmyk, rgb, out.data(), 1);
        return out;  // per cent
    }
    cmsCIELab lab_of(const std::array<double, 4>& percent) const {
        cmsCIELab out{};
        cmsDoTransform(to_lab, percent.data(), &out, 1);
        return out;
    }
};

InkRules ingramspark_rules() {
    InkRules rules;
    rules.max_ink_percent = 240;
    rules.rich_black = Cmyk{0.6, 0.4, 0.4, 1};
    rules.small_text_black_max_pt = 24;
    return rules;
}

// A CMYK JPEG as Photoshop writes one (Adobe marker, inks stored inverted): cyan rising to
// 100% across, magenta to 100% down, 20% black, and `yellow` (0..255) everywhere: at most
// 220% of ink without yellow, 320% with it all.
std::string cmyk_jpeg(int width, int height, int yellow = 0) {
    test::JpegSpec spec;
    spec.width = width;
    spec.height = height;
    spec.components = 4;
    spec.input = JCS_CMYK;
    return test::encode_jpeg(spec, [&](int y, unsigned char* row) {
        for (int x = 0; x < width; ++x) {
            row[4 * x] = static_cast<unsigned char>(255 - x * 255 / width);
            row[4 * x + 1] = static_cast<unsigned char>(255 - y * 255 / height);
            row[4 * x + 2] = static_cast<unsigned char>(255 - yellow);
            row[4 * x + 3] = 255 - 51;
        }
    });
}

}  // namespace

// ---- the IngramSpark cover as PDF/X-1a:2001 ----------------------------------------------

TEST_CASE("IngramSpark's cover is CMYK PDF/X-1a:2001 and KDP's stays RGB", "[color][pdf]") {
    const auto& report = sample().report;
    CHECK(color_of(report, "ingramspark").mode == ColorMode::cmyk);
    CHECK(color_of(report, "ingramspark").chosen_by == "the job's color");
    CHECK(color_of(report, "kdp").mode == ColorMode::rgb);
    const fs::path cover = cover_of(report, "ingramspark");
    CHECK(slurp(cover).rfind("%PDF-1.3\n", 0) == 0);
    CHECK_THAT(page_contents(cover_of(report, "kdp")), Contains(" rg"));

    QPDF pdf;
    pdf.processFile(cover.c_str());
    // Info: what PDF/X-1a:2001 requires (ISO 15930-1).
    QPDFObjectHandle info = pdf.getTrailer().getKey("/Info");
    CHECK(info.getKey("/GTS_PDFXVersion").getUTF8Value() == "PDF/X-1:2001");
    CHECK(info.getKey("/GTS_PDFXConformance").getUTF8Value() == "PDF/X-1a:2001");
    CHECK(info.getKey("/Trapped").isNameAndEquals("/False"));
    CHECK(info.getKey("/Title").getUTF8Value() == "The Salt Road: A Novel");
    CHECK_THAT(info.getKey("/CreationDate").getUTF8Value(), Contains("D:20"));
    CHECK(info.getKey("/ModDate").getUTF8Value() == info.getKey("/CreationDate").getUTF8Value());
    CHECK(pdf.getTrailer().getKey("/ID").isArray());
    CHECK_FALSE(pdf.isEncrypted());

    // The OutputIntent: GTS_PDFX with the profile it was converted through, embedded.
    QPDFObjectHandle intents = pdf.getRoot().getKey("/OutputIntents");
    REQUIRE(intents.isArray());
    REQUIRE(intents.getArrayNItems() == 1);
    QPDFObjectHandle intent = intents.getArrayItem(0);
    CHECK(intent.getKey("/S").isNameAndEquals("/GTS_PDFX"));
    CHECK(intent.getKey("/OutputConditionIdentifier").getUTF8Value() == "Custom");
    CHECK(intent.getKey("/OutputCondition").getUTF8Value() == "Artifex CMYK SWOP Profile");
    CHECK(intent.getKey("/Info").getUTF8Value() == "Artifex CMYK SWOP Profile");
    QPDFObjectHandle profile = intent.getKey("/DestOutputProfile");
    REQUIRE(profile.isStream());
    CHECK(profile.getDict().getKey("/N").getIntValue() == 4);
    const auto icc = profile.getStreamData();
    CHECK(std::string(reinterpret_cast<const char*>(icc->getBuffer()), icc->getSize()) ==
          CmykProfile::builtin().bytes);

    // Boxes: TrimBox inside BleedBox inside MediaBox.
    auto page = QPDFPageDocumentHelper(pdf).getAllPages().at(0);
    const auto trim = page.getTrimBox().getArrayAsRectangle();
    const auto bleed = page.getBleedBox().getArrayAsRectangle();
    const auto media = page.getMediaBox().getArrayAsRectangle();
    CHECK(trim.llx == Approx(9));
    CHECK(trim.lly == Approx(9));
    CHECK(bleed.llx >= media.llx);
    CHECK(bleed.urx <= media.urx);
    CHECK(trim.llx > bleed.llx);
    CHECK(trim.ury < bleed.ury);

    // No object anywhere is RGB or transparent.
    std::set<QPDFObjGen> seen;
    std::vector<std::string> wrong;
    each_object(
        pdf.getTrailer(), "trailer", seen, [&](QPDFObjectHandle object, const std::string& path) {
            if (object.isNameAndEquals("/DeviceRGB") || object.isNameAndEquals("/CalRGB"))
                wrong.push_back(path + ": RGB");
            if (object.isStream() && object.getDict().getKey("/N").isInteger() &&
                object.getDict().getKey("/N").getIntValue() == 3)
                wrong.push_back(path + ": an ICC RGB profile");
            if (!object.isDictionary() && !object.isStream())
                return;
            QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
            if (dict.hasKey("/SMask"))
                wrong.push_back(path + ": SMask");
            if (dict.hasKey("/Group"))
                wrong.push_back(path + ": a transparency group");
            for (const char* alpha : {"/CA", "/ca"}) {
                if (dict.getKey(alpha).isNumber() && dict.getKey(alpha).getNumericValue() < 1)
                    wrong.push_back(path + ": " + alpha + " below 1");
            }
            if (dict.getKey("/Interpolate").isBool() && dict.getKey("/Interpolate").getBoolValue())
                wrong.push_back(path + ": Interpolate");
        });
    INFO(Catch::Detail::stringify(wrong));
    CHECK(wrong.empty());

    // The content: no RGB operator; the barcode and its digits 100% K on a white box.
    const std::string contents = page_contents(cover);
    for (const std::string op : {"rg", "RG", "sc", "scn", "SC", "SCN", "cs", "CS"})
        CHECK(operands_of(contents, op, 0).empty());
    CHECK_THAT(contents, Contains("0 0 0 0 k"));  // the barcode's white box
    CHECK_THAT(contents, Contains("0 0 0 1 k"));  // bars and digits
    for (const auto& ink : operands_of(contents, "k", 4)) {
        double total = 0;
        for (double v : ink)
            total += v;
        CHECK(total <= 2.4);
    }

    // pdfimages: every image CMYK or grey.
    const test::Run images = test::run_process({"pdfimages", "-list", cover.string()});
    REQUIRE(images.exit_code == 0);
    std::istringstream lines(images.out);
    std::string line;
    int listed = 0;
    while (std::getline(lines, line)) {
        if (line.find(" image ") == std::string::npos)
            continue;
        ++listed;
        CHECK(
            (line.find(" cmyk ") != std::string::npos || line.find(" gray ") != std::string::npos));
    }
    CHECK(listed == 1);

    // pdffonts: every font embedded.
    const test::Run fonts = test::run_process({"pdffonts", cover.string()});
    REQUIRE(fonts.exit_code == 0);
    std::istringstream font_lines(fonts.out);
    int font_count = 0;
    for (int n = 0; std::getline(font_lines, line); ++n) {
        if (n < 2)
            continue;
        ++font_count;
        INFO(line);
        CHECK(line.find(" yes yes ") != std::string::npos);
    }
    CHECK(font_count >= 3);
}

TEST_CASE("the largest total ink on a CMYK rendering is within IngramSpark's 240%",
          "[color][ink]") {
    const double ink = max_ink_per_mm2(cover_of(sample().report, "ingramspark"));
    INFO("largest total ink over 1 mm²: " << ink << "%");
    CHECK(ink <= 240.5);  // Splash's 8 bits: 240% is 612/1020
    CHECK(ink > 150);     // the dark sky is near the limit: the measure sees ink
}

TEST_CASE("the RGB JPEG art is re-encoded once as a CMYK JPEG, and said so", "[color][pdf]") {
    const CoverColor& color = color_of(sample().report, "ingramspark");
    CHECK(color.images.rgb_jpegs_recoded == 1);
    CHECK(color.images.cmyk_jpegs_kept == 0);
    CHECK_THAT(describe(color), Contains("1 RGB JPEG re-encoded once as CMYK JPEG at quality 90") &&
                                    Contains("Artifex CMYK SWOP Profile") &&
                                    Contains("total ink at most 240% [IS-G, IS-HELP]") &&
                                    Contains("rich black C60 M40 Y40 K100"));
    QPDF pdf;
    pdf.processFile(cover_of(sample().report, "ingramspark").c_str());
    auto images = QPDFPageDocumentHelper(pdf).getAllPages().at(0).getImages();
    REQUIRE(images.size() == 1);
    QPDFObjectHandle dict = images.begin()->second.getDict();
    CHECK(dict.getKey("/Filter").isNameAndEquals("/DCTDecode"));
    CHECK(dict.getKey("/ColorSpace").isNameAndEquals("/DeviceCMYK"));
    // Adobe's form: inks stored inverted, undone by Decode.
    CHECK(dict.getKey("/Decode").unparse() == "[ 1 0 1 0 1 0 1 0 ]");
}

// ---- colours -----------------------------------------------------------------------------

TEST_CASE("colour patches match lcms2's own transform within ΔE 1", "[color][accuracy]") {
    const CmykConverter converter(CmykProfile::builtin(), ingramspark_rules());
    const Lcms lcms(converter.profile().bytes);
    // Known sRGB colours, drawn by Cairo as rectangles, in order.
    const std::vector<Color> patches = {
        Color::parse("#808080"), Color::parse("#c0c0c0"), Color::parse("#ff0000"),
        Color::parse("#00ff00"), Color::parse("#0000ff"), Color::parse("#ffff00"),
        Color::parse("#f4efe6"), Color::parse("#3a6ea5"), Color::parse("#d98c3b"),
        Color::parse("#6b8e23"), Color::parse("#1f2a3a"), Color::parse("#0a0a0a")};
    std::string raw;
    {
        const CairoSurface surface = pdf_surface_into(raw, 200, 200);
        const Cairo cr(cairo_create(surface.get()));
        for (std::size_t i = 0; i < patches.size(); ++i) {
            set_color(cr.get(), patches[i]);
            cairo_rectangle(cr.get(), static_cast<double>(i % 4) * 50,
                            static_cast<double>(i / 4) * 50, 40, 40);
            cairo_fill(cr.get());
        }
        cairo_surface_finish(surface.get());
    }
    const Size page{Length::from_pt(200), Length::from_pt(200)};
    const Rect all{Length(), Length(), page.width, page.height};
    TempDir dir;
    write(dir.path / "patches.pdf",
          finish_cmyk_pdf(raw, {PageBoxes{page, all, all}}, PdfMetadata{"Patches", "", "", ""},
                          converter, 0)
              .bytes);
    const auto inks = operands_of(page_contents(dir.path / "patches.pdf"), "k", 4);
    REQUIRE(inks.size() == patches.size());
    for (std::size_t i = 0; i < patches.size(); ++i) {
        const auto own = lcms.ink(patches[i]);
        const double own_total = own[0] + own[1] + own[2] + own[3];
        const std::array<double, 4> read{inks[i][0] * 100, inks[i][1] * 100, inks[i][2] * 100,
                                         inks[i][3] * 100};
        const double total = read[0] + read[1] + read[2] + read[3];
        INFO("patch " << i << ": lcms2 " << own[0] << " " << own[1] << " " << own[2] << " "
                      << own[3] << " (" << own_total << "%), read back " << read[0] << " "
                      << read[1] << " " << read[2] << " " << read[3] << " (" << total << "%)");
        CHECK(total <= 240.0001);
        if (own_total <= 240) {
            const cmsCIELab expected = lcms.lab_of(own), got = lcms.lab_of(read);
            CHECK(cmsDeltaE(&expected, &got) <= 1.0);
        }
    }
    // Over the limit: the dark slate keeps its black and loses colour ink; the near-black is
    // the printer's rich black.
    CHECK(inks[10][3] == Approx(lcms.ink(patches[10])[3] / 100).margin(0.0001));
    CHECK(inks[11] == std::vector<double>{0.6, 0.4, 0.4, 1});
}

TEST_CASE("pure black is 100% K, white no ink, near-black text up to 24 pt 100% K",
          "[color][black]") {
    const CmykConverter converter(CmykProfile::builtin(), ingramspark_rules());
    CHECK(converter.vector(Color::black()) == Cmyk{0, 0, 0, 1});
    CHECK(converter.vector(Color::white()) == Cmyk{});
    CHECK(converter.vector(Color::parse("#0a0a0a")) == Cmyk{0.6, 0.4, 0.4, 1});
    CHECK(converter.is_black(Color::parse("#111111")));
    CHECK_FALSE(converter.is_black(Color::parse("#1f2a3a")));  // the sample's navy: a colour
    CHECK_FALSE(converter.is_black(Color::parse("#555555")));  // grey, lighter than 100% K

    TempDir dir;
    const RenderReport report =
        render_variant(dir,
                       {{"text = \"#f6efe2\"", "text = \"#111111\""},
                        {"background = \"#1f2a3a\"", "background = \"#0a0a0a\""}},
                       test::both_printers());
    const CoverColor& color = color_of(report, "ingramspark");
    // The back copy's lines, the footer and the author (11.5, 9 and 20 pt); not the 46 pt title.
    CHECK(color.small_text_lines_in_k >= 6);
    const std::string contents = page_contents(cover_of(report, "ingramspark"));
    // The background is the rich black; the text one ink.
    CHECK_THAT(contents, Contains("0.6 0.4 0.4 1 k"));
    const auto all = words(contents);
    int text_in_k = 0, text_in_four = 0;
    std::string last_k;
    for (std::size_t i = 4; i < all.size(); ++i) {
        if (all[i] == "k")
            last_k = all[i - 4] + " " + all[i - 3] + " " + all[i - 2] + " " + all[i - 1];
        if (all[i] == "BT")
            (last_k == "0 0 0 1" ? text_in_k : text_in_four) += 1;
    }
    CHECK(text_in_k >= 1);
    // KDP's cover (RGB) keeps the colour as given.
    CHECK_THAT(page_contents(cover_of(report, "kdp")),
               Contains("0.0666 0.0666 0.0666 rg") || Contains("0.0666667 0.0666667 0.0666667 rg"));
}

namespace {

// A 200 x 200 pt page drawn by `draw`, finished as PDF/X-1a through `converter`.
std::string pdfx_of(const CmykConverter& converter, const std::function<void(cairo_t*)>& draw) {
    std::string raw;
    {
        const CairoSurface surface = pdf_surface_into(raw, 200, 200);
        const Cairo cr(cairo_create(surface.get()));
        draw(cr.get());
        cairo_surface_finish(surface.get());
    }
    const Size page{Length::from_pt(200), Length::from_pt(200)};
    const Rect all{Length(), Length(), page.width, page.height};
    return finish_cmyk_pdf(raw, {PageBoxes{page, all, all}}, PdfMetadata{"Test", "", "", ""},
                           converter, 0)
        .bytes;
}

}  // namespace

TEST_CASE("gradients become CMYK shadings; transparency is refused, never written",
          "[color][pdf]") {
    const CmykConverter converter(CmykProfile::builtin(), ingramspark_rules());
    // Three stops: a stitching function of two exponential ones.
    const std::string gradient = pdfx_of(converter, [](cairo_t* cr) {
        cairo_pattern_t* linear = cairo_pattern_create_linear(0, 0, 200, 0);
        cairo_pattern_add_color_stop_rgb(linear, 0, 1, 0, 0);
        cairo_pattern_add_color_stop_rgb(linear, 0.5, 0.2, 0.4, 0.8);
        cairo_pattern_add_color_stop_rgb(linear, 1, 0, 0, 0);
        cairo_set_source(cr, linear);
        cairo_paint(cr);
        cairo_pattern_destroy(linear);
    });
    QPDF pdf;
    pdf.processMemoryFile("gradient", gradient.data(), gradient.size());
    int shadings = 0, functions = 0;
    std::set<QPDFObjGen> seen;
    std::vector<std::string> rgb;
    each_object(pdf.getTrailer(), "trailer", seen,
                [&](QPDFObjectHandle object, const std::string& path) {
                    if (object.isNameAndEquals("/DeviceRGB"))
                        rgb.push_back(path);
                    if (!object.isDictionary() && !object.isStream())
                        return;
                    QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
                    if (dict.hasKey("/ShadingType")) {
                        ++shadings;
                        CHECK(dict.getKey("/ColorSpace").isNameAndEquals("/DeviceCMYK"));
                    }
                    if (dict.getKey("/FunctionType").isInteger() &&
                        dict.getKey("/FunctionType").getIntValue() == 2) {
                        ++functions;
                        CHECK(dict.getKey("/C0").getArrayNItems() == 4);
                        CHECK(dict.getKey("/C1").getArrayNItems() == 4);
                    }
                });
    INFO(Catch::Detail::stringify(rgb));
    CHECK(rgb.empty());
    CHECK(shadings >= 1);
    CHECK(functions >= 2);

    // A half-transparent fill (an ExtGState with ca 0.5): PDF/X-1a has no transparency, and
    // podcover refuses to write the file rather than write it wrong.
    CHECK_THROWS_WITH(pdfx_of(converter,
                              [](cairo_t* cr) {
                                  cairo_set_source_rgba(cr, 0.2, 0.4, 0.6, 0.5);
                                  cairo_rectangle(cr, 10, 10, 100, 100);
                                  cairo_fill(cr);
                              }),
                      Contains("not convertible to PDF/X-1a") && Contains("transparency"));
}

// ---- art ---------------------------------------------------------------------------------

TEST_CASE("CMYK JPEG art keeps its bytes; PNG art with transparency is flattened and converted",
          "[color][art]") {
    TempDir dir;
    fs::create_directories(dir.path / "art");
    const std::string jpeg = cmyk_jpeg(400, 300);
    write(dir.path / "art" / "front.jpg", jpeg);
    // A PNG with a half-transparent disc on transparency.
    {
        CairoSurface png(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 300));
        const Cairo cr(cairo_create(png.get()));
        cairo_set_source_rgba(cr.get(), 0.8, 0.1, 0.1, 0.5);
        cairo_arc(cr.get(), 100, 150, 80, 0, 6.3);
        cairo_fill(cr.get());
        REQUIRE(cairo_surface_write_to_png(png.get(), (dir.path / "art" / "back.png").c_str()) ==
                CAIRO_STATUS_SUCCESS);
    }
    const RenderReport report = render_variant(
        dir, {{"wrap = \"art/wrap.jpg\"", "front = \"art/front.jpg\"\nback = \"art/back.png\""}},
        {&test::printer("ingramspark")});
    const CoverColor& color = color_of(report, "ingramspark");
    CHECK(color.images.cmyk_jpegs_kept == 1);
    CHECK(color.images.images_converted == 1);
    CHECK(color.images.rgb_jpegs_recoded == 0);
    CHECK_THAT(describe(color), Contains("1 CMYK JPEG kept byte for byte") &&
                                    Contains("1 RGB image converted losslessly"));

    QPDF pdf;
    pdf.processFile(cover_of(report, "ingramspark").c_str());
    int jpegs = 0, flate = 0;
    for (auto& [name, image] : QPDFPageDocumentHelper(pdf).getAllPages().at(0).getImages()) {
        QPDFObjectHandle dict = image.getDict();
        CHECK(dict.getKey("/ColorSpace").isNameAndEquals("/DeviceCMYK"));
        CHECK_FALSE(dict.hasKey("/SMask"));
        if (dict.getKey("/Filter").isNameAndEquals("/DCTDecode")) {
            ++jpegs;
            const auto raw = image.getRawStreamData();
            CHECK(std::string(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize()) ==
                  jpeg);
            // libjpeg writes Adobe's marker for CMYK: its inks are stored inverted.
            CHECK(dict.getKey("/Decode").unparse() == "[ 1 0 1 0 1 0 1 0 ]");
        } else {
            ++flate;
        }
    }
    CHECK(jpegs == 1);
    CHECK(flate == 1);
    // On a CMYK rendering the JPEG shows its own inks, up to 220% in its corner.
    const double ink = max_ink_per_mm2(cover_of(report, "ingramspark"));
    CHECK(ink <= 240.5);
    CHECK(ink >= 200);
}

namespace {

// A flat RGB JPEG of one colour, with `icc` embedded when given.
std::string rgb_jpeg(int width, int height, const unsigned char rgb[3], const std::string& icc) {
    test::JpegSpec spec;
    spec.width = width;
    spec.height = height;
    spec.quality = 95;
    spec.icc = icc;
    return test::encode_jpeg(spec, [&](int, unsigned char* row) {
        for (int x = 0; x < width; ++x)
            std::copy(rgb, rgb + 3, row + 3 * x);
    });
}

// The inks of the middle pixel of a CMYK JPEG (Adobe's: stored inverted).
std::array<int, 4> middle_inks(const std::string& jpeg) {
    JpegErrors errors{};
    jpeg_decompress_struct info{};
    info.err = jpeg_errors(errors);
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(jpeg.data()),
                 static_cast<unsigned long>(jpeg.size()));
    jpeg_read_header(&info, TRUE);
    info.out_color_space = JCS_CMYK;
    jpeg_start_decompress(&info);
    std::vector<unsigned char> row(static_cast<std::size_t>(info.output_width) * 4);
    std::array<int, 4> inks{};
    while (info.output_scanline < info.output_height) {
        const bool middle = info.output_scanline == info.output_height / 2;
        JSAMPROW rows[] = {row.data()};
        jpeg_read_scanlines(&info, rows, 1);
        if (middle) {
            const std::size_t x = info.output_width / 2 * 4;
            for (std::size_t c = 0; c < 4; ++c)
                inks[c] = 255 - row[x + c];
        }
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return inks;
}

}  // namespace

TEST_CASE("pixels convert the same one at a time and in a long run with repeated colours",
          "[color][art]") {
    // A run converts each colour once and reuses it (render/src/color.cpp, RecentColors): a
    // pixel must come out the same whether its colour was seen before, was pushed out by another
    // colour of the same slot, or is converted alone. The run mixes a smooth gradient (repeats),
    // pseudo-random colours (every slot reused, most colours new) and both again in reverse.
    std::vector<unsigned char> rgb;
    std::uint32_t state = 12345;
    for (int i = 0; i < 60000; ++i) {
        state = state * 1664525u + 1013904223u;
        if (i % 3 == 0) {
            rgb.insert(rgb.end(), {static_cast<unsigned char>(i / 256 % 256),
                                   static_cast<unsigned char>(i % 256), 128});
        } else {
            rgb.insert(rgb.end(), {static_cast<unsigned char>(state >> 24),
                                   static_cast<unsigned char>(state >> 16),
                                   static_cast<unsigned char>(state >> 8)});
        }
    }
    rgb.insert(rgb.end(), rgb.rbegin(), rgb.rend());
    const std::size_t count = rgb.size() / 3;
    const CmykConverter converter(CmykProfile::builtin(), ingramspark_rules());
    for (const bool inverted : {false, true}) {
        std::vector<unsigned char> run(count * 4), alone(count * 4);
        converter.convert_pixels(rgb.data(), run.data(), count, inverted, {}, 2.0);
        for (std::size_t i = 0; i < count; ++i)
            converter.convert_pixels(&rgb[i * 3], &alone[i * 4], 1, inverted, {}, 2.0);
        std::size_t differ = 0;
        for (std::size_t i = 0; i < run.size(); ++i)
            differ += run[i] != alone[i];
        INFO("inverted: " << inverted);
        CHECK(differ == 0);
        // Not all one colour: the run holds many different inks.
        CHECK(std::set<std::uint32_t>(reinterpret_cast<const std::uint32_t*>(run.data()),
                                      reinterpret_cast<const std::uint32_t*>(run.data()) + count)
                  .size() > 10000);
    }
    std::vector<std::uint32_t> run(count), alone(count);
    for (std::size_t i = 0; i < count; ++i)
        run[i] = 0xFF000000u | static_cast<std::uint32_t>(rgb[i * 3]) << 16 |
                 static_cast<std::uint32_t>(rgb[i * 3 + 1]) << 8 | rgb[i * 3 + 2];
    alone = run;
    converter.proof_pixels(run.data(), count);
    for (auto& pixel : alone)
        converter.proof_pixels(&pixel, 1);
    CHECK(run == alone);
    CHECK(run[1] != 0xFF000000u + (static_cast<std::uint32_t>(rgb[3]) << 16 |
                                   static_cast<std::uint32_t>(rgb[4]) << 8 | rgb[5]));
}

TEST_CASE("two CMYK covers sharing one converter come out together as each does alone",
          "[color][threads]") {
    // Covers with the same profile and ink rules share one converter (render/src/
    // cover_colors.hpp), and each cover's PDF is finished (its art converted) on a thread of
    // its own: two such covers at once must come out as each does alone.
    PrinterSpec twin = test::printer("ingramspark");
    twin.id = "ingramspark-twin";
    twin.name = "IngramSpark twin";
    RenderOptions options;
    options.date = 1700000000;
    options.previews = false;
    TempDir together, alone;
    const std::vector<std::pair<std::string, std::string>> one_paper = {
        {R"(paper = { kdp = "white", ingramspark = "white" })", R"(paper = "white")"},
        {R"(printers = ["kdp", "ingramspark"])",
         R"(printers = ["ingramspark", "ingramspark-twin"])"},
        {R"(color = { kdp = "rgb", ingramspark = "cmyk" })", R"(color = "cmyk")"}};
    const RenderReport both =
        render_variant(together, one_paper, {&test::printer("ingramspark"), &twin}, options);
    const RenderReport one =
        render_variant(alone, one_paper, {&test::printer("ingramspark")}, options);
    REQUIRE(both.colors.size() == 2);
    CHECK(both.colors[0].mode == ColorMode::cmyk);
    CHECK(both.colors[1].mode == ColorMode::cmyk);
    const std::string shared = slurp(cover_of(both, "ingramspark"));
    CHECK(shared.size() > 100000);
    CHECK(shared == slurp(cover_of(one, "ingramspark")));
    // The twin is the same book on the same rules, its cover the same bytes.
    CHECK(slurp(cover_of(both, "ingramspark-twin")) == shared);
}

TEST_CASE("RGB art is converted through the profile it embeds", "[color][art]") {
    // A wide-gamut RGB profile (Adobe RGB (1998)'s primaries, gamma 2.2): its pure green is
    // greener than sRGB's, so its inks differ from sRGB green's.
    const cmsCIExyY white{0.3127, 0.3290, 1};
    const cmsCIExyYTRIPLE primaries{{0.64, 0.33, 1}, {0.21, 0.71, 1}, {0.15, 0.06, 1}};
    cmsToneCurve* gamma = cmsBuildGamma(nullptr, 2.2);
    cmsToneCurve* curves[3] = {gamma, gamma, gamma};
    cmsHPROFILE wide = cmsCreateRGBProfile(&white, &primaries, curves);
    cmsUInt32Number size = 0;
    cmsSaveProfileToMem(wide, nullptr, &size);
    std::string icc(size, '\0');
    cmsSaveProfileToMem(wide, icc.data(), &size);
    cmsCloseProfile(wide);
    cmsFreeToneCurve(gamma);

    const CmykConverter converter(CmykProfile::builtin(), ingramspark_rules());
    const unsigned char green[3] = {0, 255, 0};
    std::array<unsigned char, 4> as_srgb{}, as_wide{};
    converter.convert_pixels(green, as_srgb.data(), 1, false);
    converter.convert_pixels(green, as_wide.data(), 1, false, icc);
    INFO("sRGB green: C" << int(as_srgb[0]) << " M" << int(as_srgb[1]) << " Y" << int(as_srgb[2])
                         << " K" << int(as_srgb[3]) << "; wide green: C" << int(as_wide[0]) << " M"
                         << int(as_wide[1]) << " Y" << int(as_wide[2]) << " K" << int(as_wide[3]));
    CHECK(std::abs(as_srgb[1] - as_wide[1]) + std::abs(as_srgb[0] - as_wide[0]) > 10);

    TempDir dir;
    fs::create_directories(dir.path / "art");
    write(dir.path / "art" / "wrap.jpg", rgb_jpeg(320, 240, green, icc));
    const RenderReport report = render_variant(dir, {}, {&test::printer("ingramspark")});
    QPDF pdf;
    pdf.processFile(cover_of(report, "ingramspark").c_str());
    auto images = QPDFPageDocumentHelper(pdf).getAllPages().at(0).getImages();
    REQUIRE(images.size() == 1);
    const auto raw = images.begin()->second.getRawStreamData();
    const auto inks =
        middle_inks(std::string(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize()));
    // Within the JPEG's error (and the 2 % margin below the limit) of the wide profile's inks.
    for (std::size_t c = 0; c < 4; ++c) {
        INFO("ink " << c << ": " << inks[c] << " in the PDF, " << int(as_wide[c]) << " expected");
        CHECK(std::abs(inks[c] - as_wide[c]) <= 6);
    }
}

TEST_CASE("CMYK art above the printer's ink limit is kept, with a warning", "[color][art]") {
    TempDir dir;
    fs::create_directories(dir.path / "art");
    // Up to 320% of ink in a corner.
    write(dir.path / "art" / "wrap.jpg", cmyk_jpeg(600, 400, 255));
    const RenderReport report = render_variant(dir, {}, {&test::printer("ingramspark")});
    std::string warnings;
    for (const auto& w : report.warnings)
        warnings += w + "\n";
    CHECK_THAT(warnings, Contains("total ink; IngramSpark allows 240% [IS-G, IS-HELP]") &&
                             Contains("keeps CMYK art byte for byte"));
}

// ---- choosing the colour -----------------------------------------------------------------

TEST_CASE("color and icc in the job, and --color, choose each printer's colour", "[color][job]") {
    TempDir dir;
    {
        RenderOptions options;
        options.color = ColorMode::cmyk;
        const RenderReport report = render_variant(dir, {}, test::both_printers(), options);
        CHECK(color_of(report, "kdp").mode == ColorMode::cmyk);
        CHECK(color_of(report, "kdp").chosen_by == "--color");
        // KDP states no ink limit: the profile's own, and no rich black.
        CHECK_FALSE(color_of(report, "kdp").max_ink_percent.has_value());
        CHECK(page_contents(cover_of(report, "kdp")).find(" rg") == std::string::npos);
    }
    {
        // The job's own profile (here the default's file, given by path) and colour per printer.
        write(dir.path / "press.icc", CmykProfile::builtin().bytes);
        const RenderReport report = render_variant(
            dir,
            {{"color = { kdp = \"rgb\", ingramspark = \"cmyk\" }",
              "color = { kdp = \"cmyk\", ingramspark = \"rgb\" }\nicc = \"press.icc\""}},
            test::both_printers());
        CHECK(color_of(report, "kdp").mode == ColorMode::cmyk);
        CHECK(color_of(report, "kdp").chosen_by == "the job's color");
        CHECK(color_of(report, "kdp").profile_package.empty());
        CHECK(color_of(report, "kdp").profile_file == dir.path / "press.icc");
        CHECK(color_of(report, "ingramspark").mode == ColorMode::rgb);
    }
}

TEST_CASE("a bad color or icc is refused with the key and the fix", "[color][job][errors]") {
    TempDir dir;
    write(dir.path / "book.toml", slurp(sample_job) + "\n");
    const auto refused = [&](const std::string& line) {
        std::string text = slurp(sample_job);
        // The sample's own color line makes way for the one tried.
        const std::string own = "color = { kdp = \"rgb\", ingramspark = \"cmyk\" }";
        text.erase(text.find(own), own.size());
        const std::string anchor = "name = \"salt-road\"";
        text.replace(text.find(anchor), anchor.size(), anchor + "\n" + line);
        write(dir.path / "job.toml", text);
        try {
            read_job_file(dir.path / "job.toml");
        } catch (const InputError& error) {
            return std::string(error.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(refused("color = \"cmky\""), Contains("job.toml:") && Contains("color") &&
                                                Contains("use rgb") && Contains("or cmyk"));
    CHECK_THAT(refused("icc = \"missing.icc\""),
               Contains("icc") && Contains("missing.icc not found"));
    // An RGB profile is not a press's.
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    cmsUInt32Number size = 0;
    cmsSaveProfileToMem(srgb, nullptr, &size);
    std::string bytes(size, '\0');
    cmsSaveProfileToMem(srgb, bytes.data(), &size);
    cmsCloseProfile(srgb);
    write(dir.path / "srgb.icc", bytes);
    CHECK_THROWS_WITH(CmykProfile::read(dir.path / "srgb.icc"),
                      Contains("srgb.icc") && Contains("is not a CMYK output profile"));
}

TEST_CASE("render --json names each cover's colour and profile", "[color][cli]") {
    TempDir dir;
    const test::Run run = test::run_podcover(
        {"render", sample_job.string(), "-o", (dir.path / "out").string(), "--json"});
    REQUIRE(run.exit_code == 0);
    const auto json = nlohmann::json::parse(run.out);
    REQUIRE(json["colors"].size() == 2);
    const auto& ingram = json["colors"][1];
    CHECK(ingram["printer"] == "ingramspark");
    CHECK(ingram["color"] == "cmyk");
    CHECK(ingram["standard"] == "PDF/X-1a:2001");
    CHECK(ingram["profile"]["name"] == "Artifex CMYK SWOP Profile");
    CHECK(ingram["profile"]["package"] == "libgs-common");
    CHECK(ingram["profile"]["sha256"] == default_cmyk_profile_file().sha256);
    CHECK(ingram["max_ink_percent"]["value"] == 240);
    CHECK(ingram["images"]["rgb_jpegs_recoded"] == 1);
    CHECK(json["colors"][0]["color"] == "rgb");
    const test::Run bad = test::run_podcover(
        {"render", sample_job.string(), "-o", (dir.path / "out").string(), "--color", "cmky"});
    CHECK(bad.exit_code == 2);
}
