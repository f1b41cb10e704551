// The ink checks of one printer on a cover: ink-coverage, rich-black-text, barcode-not-black,
// transparency and pdfx (docs/check.md). Numbers come from the printer's data
// (templates/*.toml: max_ink_percent, small_text_black_max_pt, barcode_black, no_transparency,
// pdf_standard), each with its source.
#include "ink_checks.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "checks.hpp"
#include "podcover/names.hpp"

namespace podcover::check {
namespace {

double percent_of(double sum, double pixels) {
    return pixels > 0 ? sum / pixels / 255.0 * 100.0 : 0;
}

// "8.1, 2.35 in": a point of the cover.
std::string point_text(Length x, Length y) {
    return x.format(Unit::in, 2) + ", " + y.format_with_unit(Unit::in, 2);
}

std::string whole_percent(double value) {
    return std::to_string(static_cast<long>(std::lround(value))) + "%";
}

bool is_converted_space(const std::string& space) {
    return space.find("RGB") != std::string::npos || space == "Lab";
}

}  // namespace

std::string inks_text(const std::array<double, 4>& inks_percent) {
    static const char* names[] = {"C", "M", "Y", "K"};
    std::string out;
    for (std::size_t i = 0; i < 4; ++i) {
        const long value = std::lround(inks_percent[i]);
        if (value == 0)
            continue;
        out += (out.empty() ? "" : " ") + std::string(names[i]) + std::to_string(value);
    }
    return out.empty() ? "no ink" : out;
}

// ---- total ink ----------------------------------------------------------------------------

InkWindow InkMap::window_at(int column, int row) const {
    InkWindow found;
    const double pixels = static_cast<double>(window_px) * window_px;
    found.total_percent =
        percent_of(sums[static_cast<std::size_t>(row) * columns + column], pixels);
    std::array<double, 4> inks{};
    for (int y = row; y < row + window_px; ++y) {
        for (int x = column; x < column + window_px; ++x) {
            const std::uint8_t* p = raster->pixel(x, y);
            for (int i = 0; i < 4; ++i)
                inks[static_cast<std::size_t>(i)] += p[i];
        }
    }
    for (int i = 0; i < 4; ++i)
        found.inks_percent[static_cast<std::size_t>(i)] =
            percent_of(inks[static_cast<std::size_t>(i)], pixels);
    found.box = raster->area(column, row, column + window_px, row + window_px);
    return found;
}

InkMap map_ink(const CmykRaster& raster, Length window) {
    InkMap map;
    map.raster = &raster;
    map.window_px =
        std::max(1, static_cast<int>(std::lround(window.in() * raster.pixels_per_inch)));
    const int n = map.window_px;
    map.columns = raster.width - n + 1;
    map.rows = raster.height - n + 1;
    if (map.columns <= 0 || map.rows <= 0) {
        map.columns = map.rows = 0;
        return map;
    }
    // Each pixel's total, then sums along each row's windows, then down each column of those:
    // O(pixels).
    std::vector<std::uint16_t> totals(static_cast<std::size_t>(raster.width) * raster.height);
    for (std::size_t i = 0; i < totals.size(); ++i) {
        const std::uint8_t* p = &raster.cmyk[i * 4];
        totals[i] = static_cast<std::uint16_t>(p[0] + p[1] + p[2] + p[3]);
    }
    std::vector<std::uint32_t> across(static_cast<std::size_t>(map.columns) * raster.height);
    for (int y = 0; y < raster.height; ++y) {
        const std::uint16_t* row = &totals[static_cast<std::size_t>(y) * raster.width];
        std::uint32_t* out = &across[static_cast<std::size_t>(y) * map.columns];
        std::uint32_t sum = 0;
        for (int x = 0; x < raster.width; ++x) {
            sum += row[x];
            if (x >= n)
                sum -= row[x - n];
            if (x >= n - 1)
                out[x - n + 1] = sum;
        }
    }
    map.sums.assign(static_cast<std::size_t>(map.columns) * map.rows, 0);
    std::vector<std::uint32_t> down(static_cast<std::size_t>(map.columns), 0);
    for (int y = 0; y < raster.height; ++y) {
        const std::uint32_t* in = &across[static_cast<std::size_t>(y) * map.columns];
        const std::uint32_t* gone =
            y >= n ? &across[static_cast<std::size_t>(y - n) * map.columns] : nullptr;
        for (int x = 0; x < map.columns; ++x)
            down[static_cast<std::size_t>(x)] += in[x] - (gone ? gone[x] : 0);
        if (y >= n - 1)
            std::copy(down.begin(), down.end(),
                      map.sums.begin() + static_cast<std::ptrdiff_t>(y - n + 1) * map.columns);
    }
    // The first window (reading rows from the top) with the most ink.
    const auto best = std::max_element(map.sums.begin(), map.sums.end());
    const auto at = static_cast<std::size_t>(best - map.sums.begin());
    const int best_column = static_cast<int>(at % static_cast<std::size_t>(map.columns));
    const int best_row = static_cast<int>(at / static_cast<std::size_t>(map.columns));
    map.peak = map.window_at(best_column, best_row);
    return map;
}

std::vector<InkExcess> InkMap::above(double limit_percent) const {
    std::vector<InkExcess> areas;
    if (columns == 0)
        return areas;
    // A window sum above this is above the limit.
    const double pixels = static_cast<double>(window_px) * window_px;
    const auto threshold =
        static_cast<std::uint32_t>(std::floor(limit_percent / 100.0 * 255.0 * pixels));
    std::vector<std::uint8_t> seen(sums.size(), 0);
    std::vector<int> queue;
    const double pixel_in2 = 1.0 / (raster->pixels_per_inch * raster->pixels_per_inch);
    for (std::size_t start = 0; start < sums.size(); ++start) {
        if (seen[start] || sums[start] <= threshold)
            continue;
        int x0 = columns, y0 = rows, x1 = -1, y1 = -1;
        std::size_t count = 0, worst = start;
        queue.assign(1, static_cast<int>(start));
        seen[start] = 1;
        while (!queue.empty()) {
            const auto at = static_cast<std::size_t>(queue.back());
            queue.pop_back();
            ++count;
            if (sums[at] > sums[worst])
                worst = at;
            const int x = static_cast<int>(at % static_cast<std::size_t>(columns));
            const int y = static_cast<int>(at / static_cast<std::size_t>(columns));
            x0 = std::min(x0, x);
            y0 = std::min(y0, y);
            x1 = std::max(x1, x);
            y1 = std::max(y1, y);
            const int steps[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
            for (const auto& step : steps) {
                const int nx = x + step[0], ny = y + step[1];
                if (nx < 0 || ny < 0 || nx >= columns || ny >= rows)
                    continue;
                const std::size_t next = static_cast<std::size_t>(ny) * columns + nx;
                if (!seen[next] && sums[next] > threshold) {
                    seen[next] = 1;
                    queue.push_back(static_cast<int>(next));
                }
            }
        }
        InkExcess area;
        area.box = raster->area(x0, y0, x1 + window_px, y1 + window_px);
        area.area_in2 = static_cast<double>(count) * pixel_in2;
        area.worst = window_at(static_cast<int>(worst % static_cast<std::size_t>(columns)),
                               static_cast<int>(worst / static_cast<std::size_t>(columns)));
        areas.push_back(area);
    }
    std::stable_sort(areas.begin(), areas.end(), [](const InkExcess& a, const InkExcess& b) {
        return a.area_in2 > b.area_in2;
    });
    return areas;
}

// ---- barcode ------------------------------------------------------------------------------

BarcodeInk measure_barcode_ink(const CmykRaster& raster, const Rect& bars,
                               const std::vector<Rect>& quiet) {
    // Per channel histograms of the dark and the light pixels, for their medians.
    std::array<std::array<std::size_t, 256>, 4> dark_histogram{}, light_histogram{};
    std::size_t box_pixels = 0, dark = 0, pure_k = 0, light = 0, white = 0;
    auto look = [&](const Rect& area, bool in_bars) {
        const Raster::Span s = raster.span(area);
        for (int y = s.y0; y < s.y1; ++y) {
            for (int x = s.x0; x < s.x1; ++x) {
                const std::uint8_t* p = raster.pixel(x, y);
                const int total = p[0] + p[1] + p[2] + p[3];
                // Within 3% (8 of 255) of the ink asked: rounding in the renderer, not a colour.
                const bool is_dark = p[3] >= 128 || total >= 255;
                if (in_bars)
                    ++box_pixels;
                if (is_dark && in_bars) {
                    ++dark;
                    pure_k += (p[0] <= 8 && p[1] <= 8 && p[2] <= 8 && p[3] >= 247) ? 1 : 0;
                    for (std::size_t i = 0; i < 4; ++i)
                        ++dark_histogram[i][p[i]];
                } else if (!is_dark) {
                    ++light;
                    white += (p[0] <= 8 && p[1] <= 8 && p[2] <= 8 && p[3] <= 8) ? 1 : 0;
                    for (std::size_t i = 0; i < 4; ++i)
                        ++light_histogram[i][p[i]];
                }
            }
        }
    };
    look(bars, true);
    for (const Rect& zone : quiet)
        look(zone, false);
    auto median = [](const std::array<std::size_t, 256>& histogram, std::size_t count) {
        std::size_t seen = 0;
        for (std::size_t v = 0; v < 256; ++v) {
            seen += histogram[v];
            if (seen * 2 >= count && count > 0)
                return static_cast<double>(v) / 255.0 * 100.0;
        }
        return 0.0;
    };
    BarcodeInk ink;
    ink.pixels = box_pixels;
    ink.dark_share = box_pixels ? static_cast<double>(dark) / static_cast<double>(box_pixels) : 0;
    ink.pure_k_share = dark ? static_cast<double>(pure_k) / static_cast<double>(dark) : 0;
    ink.white_share = light ? static_cast<double>(white) / static_cast<double>(light) : 1;
    for (std::size_t i = 0; i < 4; ++i) {
        ink.dark_inks_percent[i] = median(dark_histogram[i], dark);
        ink.light_inks_percent[i] = median(light_histogram[i], light);
    }
    return ink;
}

// ---- the evidence, read once --------------------------------------------------------------

InkEvidence::InkEvidence(std::filesystem::path file, Deadline deadline)
    : file_(std::move(file)), deadline_(deadline) {}
InkEvidence::~InkEvidence() = default;

InkDocument& InkEvidence::document() {
    if (!document_)
        document_ = InkDocument::open(file_, deadline_);
    return *document_;
}

const InkMap& InkEvidence::ink(const Rect& cover) {
    if (!ink_) {
        // 8 million pixels: a cover of 55 x 55 in at 50.8 ppi; a larger page is measured
        // coarser.
        cover_raster_ = document().render(ink_ppi, cover, true, 8'000'000);
        ink_ = map_ink(*cover_raster_, ink_window);
    }
    return *ink_;
}

const PageMarks& InkEvidence::marks() {
    if (!marks_)
        marks_ = document().marks();
    return *marks_;
}

const PdfxFacts& InkEvidence::pdfx() {
    if (!pdfx_)
        pdfx_ = document().pdfx();
    return *pdfx_;
}

const BarcodeInk& InkEvidence::barcode(const FoundBarcode& found) {
    const std::string key = found.symbology + found.data + in(found.box.x) + in(found.box.y);
    if (auto known = barcodes_.find(key); known != barcodes_.end())
        return known->second;
    // An EAN-13 (and a UPC-A, its 12-digit form) is 95 modules from guard to guard, with quiet
    // zones of 11 modules before and 7 after (GS1 General Specifications 5.2.3.4). Their
    // upper part only: the leading digit is printed in the left one, at the foot of the bars.
    std::vector<Rect> quiet;
    Rect area = found.box;
    if (found.symbology == "EAN-13" || found.symbology == "UPC-A") {
        const Length module = found.box.width / 95;
        const Length height = found.box.height * 6 / 10;
        quiet.push_back(Rect{found.box.x - module * 11, found.box.y, module * 10, height});
        quiet.push_back(Rect{found.box.right() + module, found.box.y, module * 6, height});
        area = Rect::from_edges(found.box.x - module * 11, found.box.y,
                                found.box.right() + module * 7, found.box.bottom());
    }
    const CmykRaster raster = document().render(barcode_ink_ppi, area, false, 4'000'000);
    return barcodes_.emplace(key, measure_barcode_ink(raster, found.box, quiet)).first->second;
}

// ---- the checks ---------------------------------------------------------------------------

namespace {

// A rule of the printer's data, noted when it is UNVERIFIED.
template <class T>
bool applies(const std::optional<Sourced<T>>& sourced, const std::string& what,
             Findings& findings) {
    if (!sourced)
        return false;
    if constexpr (std::is_same_v<T, bool>) {
        if (!sourced->value)
            return false;
    }
    if (sourced->source.evidence == Evidence::unverified)
        findings.note(what + " is UNVERIFIED: " + sourced->source.note);
    return true;
}

void ink_coverage(CoverEvidence& evidence, const PrinterCheck& check, Findings& findings) {
    const auto& files = check.printer->files;
    const std::string& name = check.printer->name;
    const bool converted_content =
        std::any_of(evidence.inventory.color_spaces.begin(), evidence.inventory.color_spaces.end(),
                    is_converted_space);
    const std::string converted_remark =
        converted_content ? "; its RGB content is the printer's to convert, and not counted"
                          : std::string();
    if (!applies(files.max_ink_percent, "the total ink limit", findings)) {
        findings.note("total ink is not checked: " + name + "'s data states no limit");
        return;
    }
    const InkMap& map = evidence.ink.ink(evidence.cover());
    const int limit = files.max_ink_percent->value;
    const std::string source = source_tag(files.max_ink_percent->source);
    const auto above = map.above(limit + ink_rounding_percent);
    if (above.empty()) {
        if (map.peak.total_percent <= 0) {
            findings.passed("total ink: the file sets no ink of its own" + converted_remark);
        } else {
            const Rect peak = evidence.on_cover(map.peak.box);
            findings.passed("total ink at most " + whole_percent(map.peak.total_percent) + " (" +
                            inks_text(map.peak.inks_percent) + ") over any 1 mm\xC2\xB2, at " +
                            point_text(peak.x + peak.width / 2, peak.y + peak.height / 2) + "; " +
                            name + " allows " + std::to_string(limit) + "%" + converted_remark);
        }
        return;
    }
    // The largest areas, each with its worst square millimetre.
    constexpr std::size_t shown = 3;
    for (std::size_t i = 0; i < std::min(shown, above.size()); ++i) {
        const InkExcess& area = above[i];
        const Rect worst = evidence.on_cover(area.worst.box);
        std::string message =
            "total ink reaches " + whole_percent(area.worst.total_percent) + " (" +
            inks_text(area.worst.inks_percent) + ") over 1 mm\xC2\xB2 at " +
            point_text(worst.x + worst.width / 2, worst.y + worst.height / 2) + ", in an area of " +
            format_number(area.area_in2, 2) + " in\xC2\xB2 above " + std::to_string(limit) + "%; " +
            name + " allows at most " + std::to_string(limit) + "%" + source +
            ": too much ink smears and sets off; lower it (rich black C60 M40 Y40 K100 is 240%)";
        if (i + 1 == shown && above.size() > shown)
            message += " (and " + std::to_string(above.size() - shown) + " more areas)";
        findings.add("ink-coverage", Severity::error, message, evidence.on_cover(area.box));
    }
}

// Black to the eye: mostly K, or C, M and Y laid together to make black.
bool looks_black(const std::array<double, 4>& cmyk) {
    return cmyk[3] >= 0.85 || std::min({cmyk[0], cmyk[1], cmyk[2]}) >= 0.7;
}
// More than one ink above what rounding leaves.
bool several_inks(const std::array<double, 4>& cmyk) {
    return std::count_if(cmyk.begin(), cmyk.end(), [](double ink) { return ink >= 0.05; }) > 1;
}

void rich_black_text(CoverEvidence& evidence, const PrinterCheck& check, Findings& findings) {
    const auto& files = check.printer->files;
    if (!applies(files.small_text_black_max_pt, "black small text in 100% K", findings))
        return;
    const double max_pt = files.small_text_black_max_pt->value;
    const std::string source = source_tag(files.small_text_black_max_pt->source);
    const Rect cover = evidence.cover();
    std::vector<const PaintedText*> rich;
    for (const PaintedText& run : evidence.ink.marks().text) {
        if (run.family != InkFamily::process || run.font_size_pt > max_pt + 0.01 ||
            !run.box.overlaps(cover))
            continue;
        if (looks_black(run.cmyk) && several_inks(run.cmyk))
            rich.push_back(&run);
    }
    if (rich.empty()) {
        findings.passed("black text up to " + format_number(max_pt, 1) + " pt in one ink");
        return;
    }
    constexpr std::size_t shown = 5;
    for (std::size_t i = 0; i < std::min(shown, rich.size()); ++i) {
        const PaintedText& run = *rich[i];
        std::array<double, 4> inks{};
        for (std::size_t c = 0; c < 4; ++c)
            inks[c] = run.cmyk[c] * 100;
        const long used =
            std::count_if(run.cmyk.begin(), run.cmyk.end(), [](double ink) { return ink >= 0.05; });
        std::string message =
            format_number(run.font_size_pt, 1) + " pt text " + quoted(run.text) +
            " is black made of " + std::to_string(used) + " inks (" + inks_text(inks) + "); " +
            check.printer->name + " asks for text up to " + format_number(max_pt, 1) +
            " pt in 100% K" + source +
            ": small type printed from several plates blurs when they are out of register; set "
            "it in K only (0 0 0 1 k)";
        if (i + 1 == shown && rich.size() > shown)
            message += " (and " + std::to_string(rich.size() - shown) + " more runs of text)";
        const Rect on_cover = evidence.on_cover(*run.box.intersection(cover));
        findings.add("rich-black-text", Severity::warning, message, on_cover);
    }
}

void barcode_not_black(CoverEvidence& evidence, const PrinterCheck& check, Findings& findings) {
    const auto& files = check.printer->files;
    const Rect cover = evidence.cover();
    std::vector<const FoundBarcode*> found;
    // An add-on (EAN-5, EAN-2) is read from a sliver at its right end: its bars are the main
    // symbol's colour, checked there.
    for (const FoundBarcode& code : evidence.pixels.barcodes()) {
        if (code.box.overlaps(cover) && code.symbology != "EAN-5" && code.symbology != "EAN-2")
            found.push_back(&code);
    }
    if (found.empty() || !applies(files.barcode_black, "a barcode in 100% K", findings))
        return;
    const std::string source = source_tag(files.barcode_black->source);
    const std::string& name = check.printer->name;
    int good = 0;
    for (const FoundBarcode* code : found) {
        const BarcodeInk& ink = evidence.ink.barcode(*code);
        std::vector<std::string> wrong;
        if (ink.bars_converted()) {
            wrong.push_back(
                "its bars are not in ink of their own: they are RGB (or Lab), which "
                "the printer converts, and black RGB often becomes four inks");
        } else {
            if (!ink.bars_pure_k())
                wrong.push_back(whole_percent(100 * (1 - ink.pure_k_share)) +
                                " of its bars' pixels are not K alone (typically " +
                                inks_text(ink.dark_inks_percent) + ")");
            if (!ink.on_white())
                wrong.push_back(
                    whole_percent(100 * (1 - ink.white_share)) +
                    " of the paper between and beside its bars carries ink (typically " +
                    inks_text(ink.light_inks_percent) + ")");
        }
        if (wrong.empty() || ink.pixels == 0) {
            ++good;
            continue;
        }
        findings.add("barcode-not-black", Severity::warning,
                     "the " + code->symbology + " barcode " + code->data + ": " +
                         join_names(wrong) + "; " + name + " asks for 100% K on white" + source +
                         ", so that it scans: one ink cannot print out of register",
                     evidence.on_cover(code->box));
    }
    if (good == static_cast<int>(found.size()))
        findings.passed("barcode in 100% K on white");
}

void transparency(CoverEvidence& evidence, const PrinterCheck& check, Findings& findings) {
    const auto& files = check.printer->files;
    if (!applies(files.no_transparency, "a PDF without transparency", findings))
        return;
    const Rect cover = evidence.cover();
    std::vector<std::string> uses;
    std::optional<Rect> box;
    for (const TransparencyUse& use : evidence.ink.marks().transparency) {
        const auto on = use.box.intersection(cover);
        if (!on)
            continue;
        const Rect where = evidence.on_cover(*on);
        uses.push_back(use.what + " (" + where.x.format(Unit::in, 2) + ", " +
                       where.y.format(Unit::in, 2) + " to " + where.right().format(Unit::in, 2) +
                       ", " + where.bottom().format_with_unit(Unit::in, 2) + ")");
        box = box ? united(*box, where) : where;
    }
    if (uses.empty()) {
        findings.passed("no transparency");
        return;
    }
    const std::string note = files.no_transparency->source.note.empty()
                                 ? std::string()
                                 : " (" + files.no_transparency->source.note + ")";
    findings.add("transparency", Severity::warning,
                 "the page uses transparency: " + join_names(uses) + "; " + check.printer->name +
                     " wants it flattened" + source_tag(files.no_transparency->source) + note +
                     ": flatten it yourself (a PDF/X-1a export does) and look at the result",
                 box);
}

// The PDF/X a file declares: GTS_PDFXConformance names the part of PDF/X-1:2001 it conforms to.
std::optional<std::string> declared_pdfx(const PdfxFacts& facts) {
    if (facts.version && *facts.version == "PDF/X-1:2001" && facts.conformance)
        return facts.conformance;
    return facts.version;
}

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

void pdfx(CoverEvidence& evidence, const PrinterCheck& check, Findings& findings) {
    const auto& files = check.printer->files;
    if (!applies(files.pdf_standard, "the PDF standard asked for", findings))
        return;
    const PdfxFacts& facts = evidence.ink.pdfx();
    const std::string& name = check.printer->name;
    std::vector<std::string> accepted = {files.pdf_standard->value};
    if (files.pdf_standards_accepted)
        accepted = files.pdf_standards_accepted->value;
    const std::optional<std::string> declared = declared_pdfx(facts);
    const bool x3 = declared && starts_with(*declared, "PDF/X-3");
    // What the file lacks as the PDF/X it declares, or as the one the printer asks for.
    std::vector<std::string> missing;
    if (facts.output_intents.empty()) {
        missing.push_back("an OutputIntent (/S /GTS_PDFX) naming the printing condition");
    } else {
        const auto& intent = facts.output_intents.front();
        if (intent.condition.empty() && !intent.profile)
            missing.push_back("an OutputIntent that names its condition or embeds its profile");
        if (!x3 && intent.profile && intent.profile_channels != 4)
            missing.push_back("a CMYK output profile (its OutputIntent's has " +
                              std::to_string(intent.profile_channels) + " channels)");
    }
    if (!facts.version)
        missing.push_back("the GTS_PDFXVersion key");
    else if (*facts.version == "PDF/X-1:2001" && !facts.conformance)
        missing.push_back("the GTS_PDFXConformance key");
    if (!facts.trapped || (*facts.trapped != "True" && *facts.trapped != "False"))
        missing.push_back("Trapped set to True or False");
    const auto trim = evidence.pdf.trim_box();
    const auto bleed = evidence.pdf.bleed_box();
    if (!trim)
        missing.push_back("a TrimBox");
    if (!bleed)
        missing.push_back("a BleedBox");
    if (trim && bleed && !bleed->inset(Length::from_units(-1)).contains(*trim))
        missing.push_back("a TrimBox inside the BleedBox");
    if (!facts.has_id)
        missing.push_back("a file ID");
    std::vector<std::string> present;
    for (const std::string& space : evidence.inventory.color_spaces) {
        if (x3 ? space == "DeviceRGB" || space == "Indexed DeviceRGB" : is_converted_space(space))
            present.push_back(space + " colour");
    }
    std::vector<std::string> unembedded;
    for (const FontUse& font : evidence.fonts) {
        if (!font.embedded && evidence.inventory.fonts_used.count(font.name) != 0)
            unembedded.push_back(font.name);
    }
    if (!unembedded.empty())
        present.push_back("fonts not embedded (" + join_names(unembedded) + ")");
    if (!evidence.ink.marks().transparency.empty())
        present.push_back("transparency");
    else if (facts.page_group || evidence.ink.marks().transparency_groups > 0)
        present.push_back("a transparency group");
    if (evidence.ink.marks().transparency.empty() && evidence.ink.marks().opaque_soft_masks > 0)
        present.push_back("an image's soft mask (SMask), opaque everywhere");
    if (evidence.pdf.encrypted())
        present.push_back("encryption");
    // PDF/X-1a:2001 and PDF/X-3:2002 are PDF 1.3; their 2003 editions PDF 1.4.
    if (declared) {
        const int max_minor = declared->find(":2003") != std::string::npos ? 4 : 3;
        if (facts.pdf_major > 1 || facts.pdf_minor > max_minor)
            present.push_back("PDF " + std::to_string(facts.pdf_major) + "." +
                              std::to_string(facts.pdf_minor) + " (" + *declared + " is PDF 1." +
                              std::to_string(max_minor) + ")");
    }

    const std::string asked =
        files.pdf_standard->value +
        (accepted.size() > 1
             ? " (" + name + " also accepts " +
                   join_names(std::vector<std::string>(accepted.begin() + 1, accepted.end()),
                              "or") +
                   ")"
             : std::string()) +
        source_tag(files.pdf_standard->source);
    std::string lacks;
    if (!missing.empty())
        lacks += "it lacks " + join_names(missing);
    if (!present.empty())
        lacks += std::string(lacks.empty() ? "it has " : "; it has ") + join_names(present);
    const bool accepted_standard =
        declared && std::any_of(accepted.begin(), accepted.end(),
                                [&](const std::string& a) { return starts_with(*declared, a); });
    if (!declared) {
        findings.add("pdfx", Severity::warning,
                     "the file is not PDF/X: " + name + " asks for " + asked + "; as " +
                         files.pdf_standard->value + " " + lacks +
                         "; a PDF/X-1a export (Acrobat, InDesign, Affinity, Scribus) writes them",
                     std::nullopt);
    } else if (!accepted_standard) {
        findings.add("pdfx", Severity::warning,
                     "the file declares " + *declared + "; " + name + " asks for " + asked +
                         (lacks.empty() ? std::string() : "; " + lacks),
                     std::nullopt);
    } else if (!lacks.empty()) {
        findings.add(
            "pdfx", Severity::warning,
            "the file declares " + *declared + " but " + lacks + "; " + name + " asks for " + asked,
            std::nullopt);
    } else {
        const auto& intent = facts.output_intents.front();
        findings.passed(*declared + " (output intent " +
                        quoted(intent.condition.empty() ? "embedded profile" : intent.condition) +
                        ")");
    }
}

}  // namespace

void ink_checks(CoverEvidence& evidence, PrinterCheck& check, Findings& findings) {
    ink_coverage(evidence, check, findings);
    rich_black_text(evidence, check, findings);
    barcode_not_black(evidence, check, findings);
    transparency(evidence, check, findings);
    pdfx(evidence, check, findings);
}

}  // namespace podcover::check
