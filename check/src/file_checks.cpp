// Checks of the file itself: the cover's size, its pages, encryption, fonts, placed images
// and their resolution, colour spaces, file size, annotations and damage.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "checks.hpp"
#include "podcover/names.hpp"

namespace podcover::check {
namespace {

using namespace podcover::literals;

// Art is low resolution below this when the printer's file states no other [KDP-H], [IS-G].
constexpr int default_min_ppi = 300;

bool rgb_space(const std::string& space) {
    return space == "DeviceRGB" || space == "CalRGB" || space == "ICCBased RGB" ||
           space == "Indexed DeviceRGB" || space == "Indexed ICCBased RGB";
}

}  // namespace

void size_check(CoverEvidence& evidence, const Placement& placement, Findings& findings) {
    const Layout& layout = placement.layout();
    const Size cover = evidence.cover().size();
    const Length dw = cover.width - layout.sheet.width, dh = cover.height - layout.sheet.height;
    if (abs(dw) <= size_tolerance && abs(dh) <= size_tolerance) {
        findings.passed("size " + size_text(cover) + " matches " + size_text(layout.sheet));
        return;
    }
    std::string message = "the cover is " + size_text(cover) + "; " + layout.printer_name +
                          " needs " + size_text(layout.sheet) + " for this book (" +
                          std::string(binding_id(layout.binding)) + ", " +
                          layout.trim.format(Unit::in, 4) + ", " + std::to_string(layout.pages) +
                          " pages on " + layout.paper_id + "): ";
    std::vector<std::string> parts;
    if (abs(dw) > size_tolerance)
        parts.push_back(in_mm(abs(dw)) + (dw > Length() ? " too wide" : " too narrow"));
    if (abs(dh) > size_tolerance)
        parts.push_back(in_mm(abs(dh)) + (dh > Length() ? " too tall" : " too short"));
    message += join_names(parts);
    const Size turned{cover.height, cover.width};
    const Size with_bleed{cover.width + 0.25_in, cover.height + 0.25_in};
    const auto& fits = evidence.report.fits;
    if (layout.binding != Binding::case_laminate && with_bleed.near(layout.sheet, size_tolerance)) {
        message += "; it is the trimmed cover without its bleed: extend the art " +
                   in(layout.bleed) + " beyond the trim on every side and export at " +
                   size_text(layout.sheet);
    } else if (turned.near(layout.sheet, size_tolerance)) {
        message += "; it is the right size turned a quarter: rotate the page (or set its /Rotate)";
    } else if (!fits.empty()) {
        message += "; the cover's size fits " +
                   join_names(std::vector<std::string>(
                                  fits.begin(), fits.begin() + static_cast<long>(std::min<std::size_t>(
                                                                   fits.size(), 2))),
                              "or");
    }
    findings.add("size-mismatch", Severity::error, message,
                 Rect{Length(), Length(), cover.width, cover.height});
}

void image_checks(CoverEvidence& evidence, const Placement& placement, Findings& findings) {
    const Layout& layout = placement.layout();
    const auto& files = placement.check.printer->files;
    const int min_ppi = files.min_image_ppi ? files.min_image_ppi->value : default_min_ppi;
    const Rect sheet{Length(), Length(), evidence.cover().width, evidence.cover().height};
    int low = 0;
    for (const auto& image : evidence.inventory.images) {
        // What prints of it: an image clipped to a sliver is no art at that resolution.
        const Rect box = evidence.on_cover(image.visible);
        if (!sheet.overlaps(box) || image.mask)
            continue;
        if (box.width < 0.2_in || box.height < 0.2_in)
            continue;  // rules and specks, not art
        if (image.pixels_per_inch + 0.5 < min_ppi) {
            ++low;
            findings.add("low-resolution-image", Severity::warning,
                         "an image of " + std::to_string(image.width_px) + " \xC3\x97 " +
                             std::to_string(image.height_px) + " px is placed at " +
                             std::to_string(static_cast<int>(image.pixels_per_inch)) + " ppi (" +
                             size_text(box.size()) + "); " + layout.printer_name + " asks for " +
                             std::to_string(min_ppi) + " ppi",
                         box);
        }
    }
    if (low == 0 && !evidence.inventory.images.empty())
        findings.passed("images at " + std::to_string(min_ppi) + " ppi or more");
    // Colour: a printer that takes CMYK only flags RGB content.
    if (!files.color_spaces)
        return;
    const auto& accepted = files.color_spaces->value;
    const bool rgb_ok = std::find(accepted.begin(), accepted.end(), "rgb") != accepted.end();
    const auto& spaces = evidence.inventory.color_spaces;
    std::vector<std::string> rgb;
    std::copy_if(spaces.begin(), spaces.end(), std::back_inserter(rgb), rgb_space);
    if (!rgb_ok && !rgb.empty()) {
        std::string expected = join_names(accepted);
        for (auto& c : expected)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        findings.add("color-space", Severity::warning,
                     "the cover uses " + join_names(rgb) + " colour: " + layout.printer_name +
                         " expects " + expected +
                         (files.pdf_standard ? " (" + files.pdf_standard->value + ")"
                                             : std::string()) +
                         "; convert it, or expect the printer's conversion to shift colours",
                     std::nullopt);
        return;
    }
    findings.passed("colour spaces (" +
                    join_names(std::vector<std::string>(spaces.begin(), spaces.end())) + ")");
    if (!rgb.empty() && files.color_spaces->source.evidence == Evidence::unverified) {
        findings.note("RGB passes because " + layout.printer_name +
                      " is taken to accept it, which is UNVERIFIED: " +
                      files.color_spaces->source.note);
    }
}

void file_checks(CoverEvidence& evidence, PrinterCheck& check, Findings& findings) {
    const PrinterSpec& printer = *check.printer;
    const std::string& name = printer.name;
    const auto& files = printer.files;
    const CoverPdf& pdf = evidence.pdf;
    const int pages = evidence.report.pages;
    // A rule of the printer's data, noted when it is UNVERIFIED.
    auto rule = [&](const std::optional<Sourced<bool>>& sourced, const std::string& what) {
        if (!sourced || !sourced->value)
            return false;
        if (sourced->source.evidence == Evidence::unverified)
            findings.note(what + " is UNVERIFIED: " + sourced->source.note);
        return true;
    };
    if (pages > 1 && rule(files.single_page, "one page per cover")) {
        findings.add("not-single-page", Severity::error,
                     "the PDF has " + std::to_string(pages) + " pages; " + name +
                         " takes the cover as one page (back, spine and front): only page 1 was "
                         "checked",
                     std::nullopt);
    }
    // A cover found inside a larger page (crop marks, a slug, a template page): the printer
    // takes the page as the cover. Illustrator's whole-point pages (at most 0.4 pt off) are the
    // cover itself, found as the page.
    const Size page = evidence.report.page, cover = evidence.cover().size();
    if (evidence.report.cover_method != LocateMethod::page &&
        (page.width - cover.width > 1_pt || page.height - cover.height > 1_pt) &&
        rule(files.page_is_cover, "a page that is the cover")) {
        const LocateMethod method = evidence.report.cover_method;
        const std::string around =
            method == LocateMethod::marks ? "crop or fold marks"
            : method == LocateMethod::printer_template || method == LocateMethod::template_layout
                ? "a printer template's margin"
                : "a margin";
        findings.add("page-not-cover", Severity::error,
                     "the page is " + size_text(page) + ", the cover (" + size_text(cover) +
                         ") inside it with " + around + " around: " + name +
                         " takes the whole page as the cover, without crop marks" +
                         source_tag(files.page_is_cover->source) + "; export the cover alone, its page " + size_text(cover) +
                         ", marks and slug off",
                     std::nullopt);
    }
    if (const auto rotate = pdf.rotate_entry();
        rotate && (*rotate != std::floor(*rotate) || std::fmod(*rotate, 90) != 0)) {
        findings.add("page-rotation", Severity::error,
                     "the page's /Rotate is " + format_number(*rotate, 4) +
                         ", not a multiple of 90 (ISO 32000-1, 7.7.3.3): readers and printers "
                         "differ in how they turn it (podcover checked the page upright); set "
                         "/Rotate to 0, 90, 180 or 270",
                     std::nullopt);
    }
    if (pdf.encrypted() && rule(files.unencrypted, "no encryption")) {
        findings.add("encrypted", Severity::error,
                     "the PDF is encrypted; " + name + " needs it without encryption or restrictions",
                     std::nullopt);
    }
    // Fonts that set text; a font only named in the page's resources prints nothing.
    std::vector<std::string> missing;
    for (const auto& font : evidence.fonts) {
        if (!font.embedded && evidence.inventory.fonts_used.count(font.name) != 0)
            missing.push_back(font.name + " (" + font.type + ")");
    }
    if (!missing.empty()) {
        findings.add("font-not-embedded", Severity::error,
                     "fonts not embedded: " + join_names(missing) + "; " + name +
                         " needs every font embedded",
                     std::nullopt);
    } else if (!evidence.fonts.empty()) {
        findings.passed("fonts embedded");
    }
    const double megabytes = static_cast<double>(pdf.file_bytes()) / (1024.0 * 1024.0);
    if (files.max_file_mb && megabytes > files.max_file_mb->value) {
        findings.add("file-too-large", Severity::error,
                     "the file is " + format_number(megabytes, 1) + " MB; " + name +
                         " takes at most " + std::to_string(files.max_file_mb->value) + " MB",
                     std::nullopt);
    } else if (files.advised_file_mb && megabytes > files.advised_file_mb->value) {
        findings.add("file-too-large", Severity::warning,
                     "the file is " + format_number(megabytes, 1) + " MB; " + name +
                         " advises at most " + std::to_string(files.advised_file_mb->value) +
                         " MB" +
                         (files.max_file_mb ? " (it takes up to " +
                                                  std::to_string(files.max_file_mb->value) + " MB)"
                                            : std::string()),
                     std::nullopt);
    }
    if (pdf.has_annotations() && rule(files.no_annotations, "no annotations")) {
        findings.add("annotations", Severity::warning,
                     "the page has annotations (comments, links or form fields); " + name +
                         " wants none",
                     std::nullopt);
    }
    const auto problems = pdf.problems();
    if (!problems.empty()) {
        findings.add("pdf-damaged", Severity::warning,
                     "Poppler reported " + std::to_string(problems.size()) + " problem" +
                         (problems.size() > 1 ? "s" : "") + " reading the file (first: " +
                         problems.front() + "); check the printed result or export again",
                     std::nullopt);
    }
}

}  // namespace podcover::check
