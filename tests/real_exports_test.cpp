// The checker on covers made by the real tools authors use (tests/data/real-exports, made by
// make-raster.sh there; its README gives each file's command, tool and version): podcover's
// KDP cover flattened to one 300 ppi image and made a PDF with img2pdf or ImageMagick, and
// re-distilled by Ghostscript. The flattened exports once were checked as other books (their
// page is a whole number of pixels, 12.9267 in for 12.9256), and a page at the image's 72 or
// 96 ppi was only "book unknown".
#include <cmath>
#include <filesystem>
#include <map>

#include "check_support.hpp"
#include "podcover/check/checker.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::check;
using namespace podcover::literals;
namespace fs = std::filesystem;
using Catch::Contains;
using podcover::test::for_printer;
using podcover::test::with_code;

namespace {

const CheckReport& checked(const std::string& name) {
    // Each file is checked once for every test that reads it.
    static std::map<std::string, std::unique_ptr<CoverCheck>> done;
    auto& slot = done[name];
    if (!slot) {
        CheckRequest request;
        request.file = fs::path(PODCOVER_TEST_DATA) / "real-exports" / name;
        request.printers = test::both_printers();
        slot = CoverCheck::run(request);
    }
    return slot->report();
}

// Every finding's code, in order (errors, then warnings, then remarks).
std::vector<std::string> codes(const PrinterCheck& p) {
    std::vector<std::string> found;
    for (const auto& f : p.findings)
        found.push_back(f.code);
    return found;
}

using Codes = std::vector<std::string>;

}  // namespace

TEST_CASE("real exports: a 300 ppi image made a PDF is the 300-page book it was made for",
          "[check][real][exports]") {
    // 3878 x 2775 px at 300 ppi: a page of 12.9267 x 9.25 in, 0.0011 in wider than KDP's
    // 12.9256 (whole pixels). It is checked as that book, as the vector cover is.
    for (const char* name : {"img2pdf-300ppi.pdf", "convert-density300.pdf", "img2pdf-cmyk.pdf"}) {
        const CheckReport& report = checked(name);
        INFO(test::report_text(report));
        CHECK(report.image_only);
        CHECK(report.page.width == Length::from_in(3878) / 300);
        CHECK(report.page.height == 9.25_in);
        const PrinterCheck& kdp = for_printer(report, "kdp");
        CHECK(kdp.verdict == Verdict::pass);
        CHECK(kdp.book.pages == 300);
        CHECK(kdp.book.paper == "white");
        CHECK(kdp.findings.empty());
        const PrinterCheck& ingramspark = for_printer(report, "ingramspark");
        CHECK(ingramspark.verdict == Verdict::warn);
        CHECK(ingramspark.book.pages == 300);
        CHECK(ingramspark.book.paper == "cream");
        // RGB and not PDF/X: IngramSpark converts (warnings); its barcode area is clear.
        const Codes expected = std::string(name) == "img2pdf-cmyk.pdf"
                                   ? Codes{"pdfx", "barcode-area-clear"}
                                   : Codes{"color-space", "pdfx", "barcode-area-clear"};
        CHECK(codes(ingramspark) == expected);
    }
}

TEST_CASE("real exports: img2pdf with --imgsize makes the page the cover's size",
          "[check][real][exports]") {
    const CheckReport& report = checked("img2pdf-imgsize.pdf");
    INFO(test::report_text(report));
    // img2pdf rounds the size to its own units: 930.643 x 665.945 pt.
    CHECK(std::abs(report.page.width.in() - 12.9256) < 0.0001);
    CHECK(std::abs(report.page.height.in() - 9.2492) < 0.0001);
    CHECK(for_printer(report, "kdp").verdict == Verdict::pass);
    CHECK(for_printer(report, "kdp").book.pages == 300);
    CHECK(codes(for_printer(report, "ingramspark")) ==
          Codes{"color-space", "pdfx", "barcode-area-clear"});
}

TEST_CASE("real exports: an image at 72 or 96 ppi makes a page no printer takes, and says why",
          "[check][real][exports]") {
    // ImageMagick's 72 ppi, or a JPEG without a resolution (cjpeg), which img2pdf takes as 96.
    const struct {
        const char* name;
        double page_width_in;
        const char* placed;
    } rows[] = {{"img2pdf-72ppi.pdf", 3878.0 / 72, "placed at 72 ppi"},
                {"img2pdf-no-density.pdf", 3878.0 / 96, "placed at 96 ppi"}};
    for (const auto& row : rows) {
        const CheckReport& report = checked(row.name);
        INFO(test::report_text(report));
        CHECK(report.image_only);
        CHECK(std::abs(report.page.width.in() - row.page_width_in) < 0.001);
        for (const char* id : {"kdp", "ingramspark"}) {
            const PrinterCheck& p = for_printer(report, id);
            CHECK(p.verdict == Verdict::fail);
            const auto unknown = with_code(p, "book-unknown");
            REQUIRE(unknown.size() == 1);
            CHECK_THAT(
                unknown[0]->message,
                Contains("one image of 3878 \xC3\x97 2775 px") && Contains(row.placed) &&
                    Contains("300 ppi is 12.9267 \xC3\x97 9.25 in") &&
                    Contains(std::string("6 \xC3\x97 9 in on ") +
                             (std::string(id) == "kdp" ? "white" : "cream") + ", 300 pages") &&
                    Contains("-density 300 -units PixelsPerInch"));
        }
    }
}

TEST_CASE("real exports: a cover with a second page fails for both printers",
          "[check][real][exports]") {
    const CheckReport& report = checked("img2pdf-two-pages.pdf");
    INFO(test::report_text(report));
    CHECK(report.pages == 2);
    for (const char* id : {"kdp", "ingramspark"}) {
        const PrinterCheck& p = for_printer(report, id);
        CHECK(p.verdict == Verdict::fail);
        CHECK(p.book.pages == 300);
        CHECK(with_code(p, "not-single-page").size() == 1);
        CHECK(with_code(p, "pages-uncertain").empty());
    }
}

TEST_CASE("real exports: a PNG's alpha channel is transparency only where it hides something",
          "[check][real][exports]") {
    {
        // GIMP's and Canva's RGBA PNG, its alpha 100% everywhere: img2pdf keeps it as a soft
        // mask, which flattening leaves as it is. Only PDF/X names it.
        const CheckReport& report = checked("img2pdf-png-opaque-alpha.pdf");
        INFO(test::report_text(report));
        CHECK(report.image_only);
        const PrinterCheck& kdp = for_printer(report, "kdp");
        CHECK(kdp.verdict == Verdict::pass);
        CHECK(kdp.findings.empty());
        const PrinterCheck& ingramspark = for_printer(report, "ingramspark");
        CHECK(codes(ingramspark) == Codes{"color-space", "pdfx", "barcode-area-clear"});
        CHECK_THAT(with_code(ingramspark, "pdfx")[0]->message,
                   Contains("an image's soft mask (SMask), opaque everywhere"));
    }
    {
        // The same with a corner at 50%: transparency, for both printers.
        const CheckReport& report = checked("img2pdf-png-alpha.pdf");
        INFO(test::report_text(report));
        for (const char* id : {"kdp", "ingramspark"}) {
            const PrinterCheck& p = for_printer(report, id);
            CHECK(p.verdict == Verdict::warn);
            const auto transparency = with_code(p, "transparency");
            REQUIRE(transparency.size() == 1);
            CHECK_THAT(transparency[0]->message, Contains("an image with a soft mask (SMask)"));
        }
    }
}

TEST_CASE("real exports: Ghostscript's PDF/X-3 of the RGB cover", "[check][real][exports]") {
    // gs -dPDFX with its PDFX_def.ps: CMYK through its SWOP profile, fonts re-embedded as CFF
    // subsets, a TrimBox 9 pt inside the page, GTS_PDFXVersion PDF/X-3:2002 with the profile.
    const CheckReport& report = checked("gs-pdfx3.pdf");
    INFO(test::report_text(report));
    CHECK_FALSE(report.image_only);
    CHECK(report.cover_method == LocateMethod::page);
    CHECK(std::abs(report.cover.width.in() - 12.9256) < 0.0001);
    const PrinterCheck& kdp = for_printer(report, "kdp");
    CHECK(kdp.verdict == Verdict::pass);
    CHECK(kdp.book.pages == 300);
    // The text was read from the re-embedded fonts: nothing outside the safe zones.
    CHECK(kdp.findings.empty());
    const PrinterCheck& ingramspark = for_printer(report, "ingramspark");
    CHECK(ingramspark.verdict == Verdict::fail);
    // PDF/X-3 is accepted; the conversion's navy (C84 M73 Y52 K56) is 265% of ink, over 240%.
    CHECK(codes(ingramspark) ==
          Codes{"ink-coverage", "ink-coverage", "ink-coverage", "barcode-area-clear"});
    CHECK_THAT(with_code(ingramspark, "ink-coverage")[0]->message,
               Contains("total ink reaches 265%") && Contains("C84 M73 Y52 K56"));
}

TEST_CASE("real exports: Ghostscript without PDF/X definitions, and /printer",
          "[check][real][exports]") {
    {
        // -dPDFX without PDFX_def.ps: CMYK, but no output intent nor version key.
        const CheckReport& report = checked("gs-pdfx-no-def.pdf");
        INFO(test::report_text(report));
        CHECK(for_printer(report, "kdp").verdict == Verdict::pass);
        const PrinterCheck& ingramspark = for_printer(report, "ingramspark");
        CHECK(codes(ingramspark) ==
              Codes{"ink-coverage", "ink-coverage", "ink-coverage", "pdfx", "barcode-area-clear"});
        CHECK_THAT(with_code(ingramspark, "pdfx")[0]->message,
                   Contains("not PDF/X") && Contains("OutputIntent"));
    }
    {
        // -dPDFSETTINGS=/printer tags the RGB with an ICC profile.
        const CheckReport& report = checked("gs-printer.pdf");
        INFO(test::report_text(report));
        CHECK(for_printer(report, "kdp").verdict == Verdict::pass);
        const PrinterCheck& ingramspark = for_printer(report, "ingramspark");
        CHECK(ingramspark.verdict == Verdict::warn);
        CHECK(codes(ingramspark) == Codes{"color-space", "pdfx", "barcode-area-clear"});
        CHECK_THAT(with_code(ingramspark, "color-space")[0]->message, Contains("ICCBased RGB"));
    }
}
