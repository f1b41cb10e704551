// adapt_cover: the stages in order, each passing values to the next. Read the source with the
// checker (where its sheet is, what book it is); lay out the target; plan the spine; measure
// the source's spine text and edges; refuse, or write; check what was written; draw the proof.
#include "podcover/adapt/adapt.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/render/pdf_output.hpp"

namespace podcover::adapt {
namespace {

using namespace podcover::literals;

// How far text may pass a line and still count as clear of it: the checker's ink tolerance
// (check/src/text_checks.cpp), so that adapt refuses what the check would fail.
constexpr Length ink_tolerance = 0.003_in;
// The spine's pixels are read at this resolution: a strip 1/64 in wide is still 4 pixels.
constexpr double spine_pixels_per_inch = 300;
// Columns this close to a fold are left out of the edge measurement: a colour changing at the
// fold itself (a spine painted its own colour) is not detail, and stays at the fold. About
// two pixels at 300 ppi, as an anti-aliased or JPEG-softened edge spreads.
constexpr Length fold_guard = Length::from_units(Length::units_per_in / 128);
// Detail across an edge strip counts when it runs this far down the spine: a letter's stem at
// 6 pt, a vertical rule; not a shallow edge of art crossing the strip.
constexpr Length min_detail_run = 0.04_in;

std::string in(Length length) {
    return length.format_with_unit(Unit::in, 4);
}
std::string quoted(const std::string& text) {
    return "'" + (text.size() > 60 ? text.substr(0, 57) + "..." : text) + "'";
}
Rect shifted(const Rect& rect, Length dx, Length dy) {
    return Rect{rect.x + dx, rect.y + dy, rect.width, rect.height};
}

std::string book_text(const Layout& layout) {
    return layout.printer_name + " " + std::string(binding_id(layout.binding)) + " " +
           layout.trim.format(Unit::in, 4) + ", " + std::to_string(layout.pages) + " pages on " +
           layout.paper_id;
}

// The cover was found on a printer's template page (by its text, its layout or its marks).
bool on_template_page(const check::CheckReport& report) {
    return !report.skipped.empty() &&
           (report.cover_method == check::LocateMethod::printer_template ||
            report.cover_method == check::LocateMethod::template_layout ||
            report.cover_method == check::LocateMethod::marks);
}

bool fits(const check::PrinterCheck& printer, const Size& cover) {
    return printer.expected && cover.near(printer.expected->sheet, check::size_tolerance);
}

// A temporary copy of the result, for drawing the proof of a cover that is not written.
class TemporaryFile {
  public:
    explicit TemporaryFile(const std::string& bytes) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "podcover-adapt-XXXXXX").string();
        const int fd = mkstemp(pattern.data());
        if (fd < 0)
            throw OutputError(pattern + ": cannot write a temporary file for the proof");
        ::close(fd);
        path_ = pattern;
        render::write_file_atomically(path_, bytes);
    }
    ~TemporaryFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// The target book: the source's, with what the user or the target's template says.
struct TargetBook {
    BookSpec book;
    std::optional<check::TemplateFacts> template_facts;
};

TargetBook target_book(const AdaptRequest& request, const Layout& source) {
    TargetBook target;
    const PrinterSpec& printer = *request.target;
    if (request.target_template) {
        target.template_facts = check::read_printer_template_file(
            *request.target_template, request.printers, request.time_limit);
        if (target.template_facts->printer_id != printer.id) {
            throw UsageError("--template: " + request.target_template->string() + " is " +
                             target.template_facts->printer_id + "'s template, not " +
                             printer.name + "'s; give the template of the printer in --to");
        }
    }
    const check::TemplateFacts* facts = target.template_facts ? &*target.template_facts : nullptr;
    target.book.binding = source.binding;
    target.book.trim = request.book.trim ? *request.book.trim : source.trim;
    target.book.pages = request.book.pages      ? *request.book.pages
                        : facts && facts->pages ? *facts->pages
                                                : source.pages;
    std::string paper = request.book.paper_for(printer.id);
    if (paper.empty() && facts && !facts->paper_id.empty())
        paper = facts->paper_id;
    if (paper.empty()) {
        if (!printer.find_paper(source.paper_id)) {
            throw UsageError("--paper: the source is on " + source.printer_name + "'s " +
                             source.paper_id + " paper, which " + printer.name +
                             " does not have; give --paper " + printer.id + "=<paper>");
        }
        paper = source.paper_id;
    }
    target.book.paper = paper;
    return target;
}

Layout lay_out_target(const PrinterSpec& printer, const BookSpec& book) {
    LayoutResult result = compute_layout(printer, book);
    if (!result.layout) {
        std::string reasons;
        for (const auto& error : result.errors)
            reasons += (reasons.empty() ? "" : "\n") + printer.id + ": " + error.message;
        throw RefusedError(reasons);
    }
    return std::move(*result.layout);
}

// Where the result goes on its page: the target template's artwork area, or the page is the
// sheet (KDP's template page is the cover itself).
void place_on_page(AdaptReport& report, const AdaptRequest& request,
                   const std::optional<check::TemplateFacts>& facts) {
    const Layout& layout = report.target_layout;
    report.target_page = TargetPage{layout.sheet, Length(), Length(), layout.at("trim").rect};
    if (!facts)
        return;
    const std::string file = request.target_template->string();
    std::vector<std::string> problems;
    if (const auto printer = request.target) {
        const check::TemplateComparison comparison = check::compare_with_podcover(*facts, *printer);
        for (const auto& d : comparison.differences())
            problems.push_back(d.field + ": the template says " + d.template_text + ", podcover " +
                               d.podcover_text);
    }
    const auto template_cover = facts->cover_size();
    if (template_cover && !template_cover->near(layout.sheet, 0.005_in)) {
        problems.push_back("the template's cover is " + template_cover->format(Unit::in, 4) +
                           (facts->pages ? " (" + std::to_string(*facts->pages) + " pages)" : "") +
                           "; this book's is " + layout.sheet.format(Unit::in, 4) + " (" +
                           std::to_string(layout.pages) + " pages)");
    }
    if (!problems.empty()) {
        throw RefusedError(file + ": not this book's template: " + join_names(problems) +
                           "; get the template for this book from " + layout.printer_name);
    }
    if (!facts->artwork_area) {
        if (facts->page.near(layout.sheet, check::size_tolerance)) {
            report.notes.push_back(layout.printer_name +
                                   "'s template page is the cover itself: the result is the "
                                   "sheet, as without --template");
            return;
        }
        throw InputError(file +
                         ": podcover cannot tell where the template puts the artwork "
                         "(its trim and fold marks were not read)");
    }
    report.target_page = TargetPage{facts->page, facts->artwork_area->x, facts->artwork_area->y,
                                    layout.at("trim").rect};
    report.template_file = request.target_template;
    report.notes.push_back("written on the " + facts->page.format(Unit::in, 4) + " page of " +
                           request.target_template->filename().string() + ", the " +
                           layout.sheet.format(Unit::in, 4) + " sheet at " +
                           facts->artwork_area->x.format(Unit::in, 4) + ", " +
                           facts->artwork_area->y.format(Unit::in, 4) +
                           " in from the page's top-left, where the template puts the artwork");
}

std::string change_text(const SpinePlan& plan, const Layout& target) {
    switch (plan.change) {
        case SpineChange::same:
            return "the spine is " + in(plan.target_spine) +
                   " on both: the sheet is placed as it is";
        case SpineChange::narrower:
            return target.printer_name + "'s spine is " +
                   in(plan.source_spine - plan.target_spine) + " narrower (" +
                   in(plan.target_spine) + " against " + in(plan.source_spine) +
                   "): " + in(plan.edge_change) +
                   " is cut from each edge of the old spine, its middle kept whole";
        case SpineChange::wider:
            return target.printer_name + "'s spine is " +
                   in(plan.target_spine - plan.source_spine) + " wider (" + in(plan.target_spine) +
                   " against " + in(plan.source_spine) + "): the outer " +
                   in(plan.stretched_strip) +
                   " of each edge of the old spine is "
                   "stretched across " +
                   in(plan.stretched_strip + plan.edge_change) + ", its middle kept whole";
    }
    return "";
}

// The spine's text (or lettering in its pixels) and the detail at its edges.
void measure_spine(AdaptReport& report, const check::CoverPdf& pdf) {
    const SpinePlan& plan = report.plan;
    const Layout& source = report.source_layout;
    const Layout& target = report.target_layout;
    const Length sx = report.source_sheet.x, sy = report.source_sheet.y;
    const Rect spine_on_page = shifted(source.at("spine").rect, sx, sy);
    const std::vector<Length> cuts{sx + plan.source_fold_back, sx + plan.source_fold_front};

    const check::Inventory inventory = pdf.inventory();
    std::vector<SpineLettering> lines = spine_text_lines(inventory.words, spine_on_page, cuts);
    for (auto& line : lines)
        line.ink = shifted(line.ink, -sx, -sy);

    const Rect page{Length(), Length(), report.source_page.width, report.source_page.height};
    const auto around =
        spine_on_page.inset(-0.05_in, Length(), -0.05_in, Length()).intersection(page);
    if (!around)
        return;
    const check::RenderedArea pixels =
        pdf.render(spine_pixels_per_inch, *around, 20'000'000, check::CoverPdf::Fidelity::geometry);
    auto on_raster = [&](const Rect& on_sheet) {
        return pixels.on_raster(shifted(on_sheet, sx, sy));
    };
    auto from_raster = [&](const Rect& on_raster_area) {
        return shifted(on_raster_area, pixels.origin_x - sx, pixels.origin_y - sy);
    };
    if (lines.empty()) {
        const Rect inner =
            Rect::from_edges(plan.source_fold_back + fold_guard, Length(),
                             plan.source_fold_front - fold_guard, source.sheet.height)
                .intersection(source.at("spine").rect)
                .value_or(Rect{});
        if (inner.width > Length()) {
            if (const auto seen = lettering_in_pixels(pixels.raster, on_raster(inner)))
                lines.push_back({"", true, false, from_raster(*seen)});
        }
    }

    for (const SpineLettering& line : lines) {
        SpineTextClearance c;
        c.lettering = line;
        c.needed = target.spine_text_clearance;
        c.source_back = line.ink.left() - plan.source_fold_back;
        c.source_front = plan.source_fold_front - line.ink.right();
        c.kept_whole = line.ink.left() >= plan.middle_left && line.ink.right() <= plan.middle_right;
        c.result_ink = Rect::from_edges(plan.middle_to_target(line.ink.left()), line.ink.top(),
                                        plan.middle_to_target(line.ink.right()), line.ink.bottom());
        c.result_back = c.result_ink.left() - plan.target_fold_back;
        c.result_front = plan.target_fold_front - c.result_ink.right();
        c.ok = c.kept_whole && target.spine_text_allowed &&
               min(c.result_back, c.result_front) >= c.needed - ink_tolerance;
        report.spine_text.push_back(c);
    }

    if (plan.change == SpineChange::same)
        return;
    const char* edges[] = {"back", "front"};
    for (std::size_t i = 0; i < plan.source_strips.size() && i < 2; ++i) {
        const Rect& strip = plan.source_strips[i];
        // Leave out the columns at the fold (the strip's outer side).
        const Rect measured = i == 0 ? strip.inset(fold_guard, Length(), Length(), Length())
                                     : strip.inset(Length(), Length(), fold_guard, Length());
        if (measured.width <= Length())
            continue;
        for (const Rect& run : detail_across(pixels.raster, on_raster(measured), min_detail_run))
            report.edge_detail.push_back({edges[i], from_raster(run)});
    }
}

std::string lettering_name(const SpineLettering& lettering) {
    return lettering.from_pixels ? std::string("the spine's lettering (seen in its pixels)")
                                 : "spine text " + quoted(lettering.text);
}

// Why the cover is refused: spine text that would break the target's clearance, and detail
// at the spine's edges that stretching would distort.
void decide(AdaptReport& report) {
    const SpinePlan& plan = report.plan;
    const Layout& target = report.target_layout;
    const std::string& name = target.printer_name;
    for (const SpineTextClearance& c : report.spine_text) {
        if (c.ok)
            continue;
        const std::string what = lettering_name(c.lettering);
        if (!target.spine_text_allowed) {
            report.refusals.push_back(what + ": " + name + " allows spine text from " +
                                      std::to_string(target.spine_text_min_pages) +
                                      " pages; this book has " + std::to_string(target.pages));
            continue;
        }
        const bool back = c.source_back <= c.source_front;
        const std::string side = back ? "back" : "front";
        if (!c.kept_whole) {
            const Length reach = back ? c.source_back : c.source_front;
            report.refusals.push_back(
                what + " reaches " + in(max(reach, Length())) + " from the old spine's " + side +
                " fold, into the " +
                in(plan.change == SpineChange::narrower ? plan.edge_change : plan.stretched_strip) +
                " strip that is " +
                (plan.change == SpineChange::narrower ? "cut away" : "stretched") + ": " + name +
                " needs its ink " + in(c.needed) + " from each fold");
            continue;
        }
        const Length result = min(c.result_back, c.result_front);
        const Length source = back ? c.source_back : c.source_front;
        report.refusals.push_back(
            what + " would be " + in(result) + " from " + name + "'s " + side + " fold (" +
            in(source) + " on the source" +
            (plan.change == SpineChange::narrower ? ", less the " + in(plan.edge_change) + " cut"
                                                  : std::string()) +
            "): " + name + " needs " + in(c.needed) + ", " + in(c.needed - result) + " more");
    }
    for (const EdgeDetail& d : report.edge_detail) {
        const std::string where = "at x " + d.area.left().format(Unit::in, 4) + "\xE2\x80\x93" +
                                  d.area.right().format(Unit::in, 4) + ", y " +
                                  d.area.top().format(Unit::in, 3) + "\xE2\x80\x93" +
                                  d.area.bottom().format(Unit::in, 3) + " in on the source";
        if (plan.change == SpineChange::wider) {
            report.refusals.push_back(
                "the old spine's " + d.edge + " edge holds detail " + where +
                " (colour changing across the strip: lettering, a line, an image's detail) that "
                "stretching its " +
                in(plan.stretched_strip) + " across " +
                in(plan.stretched_strip + plan.edge_change) + " would distort");
        } else {
            report.warnings.push_back("the " + in(plan.edge_change) +
                                      " strip cut from the old "
                                      "spine's " +
                                      d.edge + " edge holds detail " + where +
                                      ": it is lost at the fold");
        }
    }
}

}  // namespace

bool AdaptReport::failed() const {
    return refused() || (check && check->verdict == check::Verdict::fail);
}

const check::PrinterCheck* choose_source_printer(const check::CheckReport& source,
                                                 const AdaptRequest& request, std::string& how) {
    const Size cover = source.cover.size();
    if (request.from) {
        for (const auto& printer : source.printers) {
            if (printer.printer == request.from) {
                how = "--from " + request.from->id;
                return fits(printer, cover) ? &printer : nullptr;
            }
        }
        return nullptr;
    }
    std::vector<const check::PrinterCheck*> fitting;
    for (const auto& printer : source.printers) {
        if (fits(printer, cover))
            fitting.push_back(&printer);
    }
    if (fitting.empty())
        return nullptr;
    auto fit_text = [&](const check::PrinterCheck* p) {
        return "its size fits " + book_text(*p->expected);
    };
    if (fitting.size() == 1 && on_template_page(source)) {
        how = "the cover is on " + fitting.front()->printer->name + "'s template page; " +
              fit_text(fitting.front());
        return fitting.front();
    }
    if (fitting.size() == 1) {
        how = fit_text(fitting.front());
        return fitting.front();
    }
    const check::PrinterCheck* same = nullptr;
    const check::PrinterCheck* other = nullptr;
    for (const auto* p : fitting) {
        if (p->printer == request.target && !same)
            same = p;
        if (p->printer != request.target && !other)
            other = p;
    }
    std::vector<std::string> all;
    for (const auto* p : fitting)
        all.push_back(book_text(*p->expected));
    const std::string choice =
        " (it fits " + join_names(all, "and") + "; give --from if it is another printer's)";
    if (same && request.book.pages && *request.book.pages != same->book.pages) {
        how = "a new page count on " + same->printer->name + choice;
        return same;
    }
    if (other) {
        how = "a change of printer" + choice;
        return other;
    }
    how = fit_text(same);
    return same;
}

AdaptReport adapt_cover(const AdaptRequest& request) {
    if (!request.target)
        throw UsageError("adapt: no target printer; give --to");
    AdaptReport report;
    report.source = request.source;

    // Read the source: where its sheet is, and its book on every printer it may be for (the
    // one --from names).
    check::CheckRequest source_check;
    source_check.file = request.source;
    source_check.printers =
        request.from ? std::vector<const PrinterSpec*>{request.from} : request.printers;
    source_check.hints = request.book;
    source_check.hints.pages.reset();
    source_check.time_limit = request.time_limit;
    auto checked = check::CoverCheck::run(source_check);
    bool on_template = false;
    if (on_template_page(checked->report()) &&
        checked->report().printers.size() < source_check.printers.size()) {
        // A cover on a printer's template page is that printer's: read again for that printer
        // alone, so that the book inferred from its size is that printer's own fit.
        source_check.printers.clear();
        for (const auto& printer : checked->report().printers)
            source_check.printers.push_back(printer.printer);
        checked = check::CoverCheck::run(source_check);
        on_template = true;
    }
    const check::CheckReport& read = checked->report();
    if (read.printer_template && read.printer_template->is_template) {
        throw InputError(request.source.string() +
                         ": a printer's template, not a cover; adapt "
                         "the cover made on it");
    }
    report.source_page = read.page;
    if (read.pages > 1) {
        report.warnings.push_back(request.source.filename().string() + " has " +
                                  std::to_string(read.pages) +
                                  " pages: only the first is adapted (a cover is one page)");
    }
    if (checked->pdf().encrypted()) {
        report.notes.push_back(
            "the source is encrypted: the result is not, and its streams are written decrypted "
            "(their content unchanged, their bytes not the source's)");
    }
    report.cover_found = read.cover_found;
    report.inferred = read.inferred;
    const check::PrinterCheck* from =
        choose_source_printer(read, request, report.source_printer_how);
    if (!from) {
        std::string reasons;
        for (const auto& printer : read.printers) {
            if (request.from && printer.printer != request.from)
                continue;
            for (const auto& f : printer.findings) {
                if (f.code == "size-mismatch" || f.code == "book-unknown" ||
                    f.code == "not-offered" || f.code == "pages-uncertain")
                    reasons += "; " + printer.printer->name + ": " + f.message;
            }
        }
        for (const auto& skipped : read.skipped) {
            if (!request.from || skipped.printer == request.from->id)
                reasons += "; " + skipped.reason;
        }
        throw RefusedError(request.source.string() + ": its cover (" +
                           read.cover.size().format(Unit::in, 4) + ", " + read.cover_found +
                           ") is no book podcover can lay out" +
                           (request.from ? " on " + request.from->name : std::string()) + reasons +
                           "; give --trim, --paper and --from");
    }
    if (on_template && !request.from) {
        report.source_printer_how = "the cover is on " + from->printer->name +
                                    "'s template page; " + report.source_printer_how;
    }
    report.source_printer = from->printer;
    report.source_layout = *from->expected;
    // On another printer the book is the same: the page count given is the source's too, when
    // its sheet fits the cover as well (a stepped spine table fits several counts).
    if (request.book.pages && from->printer != request.target &&
        *request.book.pages != report.source_layout.pages) {
        BookSpec given = from->book;
        given.pages = *request.book.pages;
        const LayoutResult same_book = compute_layout(*from->printer, given);
        if (same_book.layout &&
            read.cover.size().near(same_book.layout->sheet, check::size_tolerance)) {
            report.source_layout = *same_book.layout;
            report.source_printer_how +=
                "; at the " + std::to_string(given.pages) + " pages given, which its size fits too";
        }
    }
    report.source_sheet =
        Rect{read.cover.x + (read.cover.width - report.source_layout.sheet.width) / 2,
             read.cover.y + (read.cover.height - report.source_layout.sheet.height) / 2,
             report.source_layout.sheet.width, report.source_layout.sheet.height};

    // The target, its page, and the plan.
    const TargetBook target = target_book(request, report.source_layout);
    report.target_layout = lay_out_target(*request.target, target.book);
    place_on_page(report, request, target.template_facts);
    report.plan = plan_spine(report.source_layout, report.target_layout);
    report.notes.insert(report.notes.begin(), change_text(report.plan, report.target_layout));
    for (const auto& w : report.target_layout.warnings)
        report.warnings.push_back(report.target_layout.printer_name + ": " + w.message);

    // Measure, and decide.
    measure_spine(report, checked->pdf());
    decide(report);
    report.forced = request.force && !report.refusals.empty();
    for (const auto& refusal : report.refusals) {
        if (report.forced)
            report.warnings.push_back("written with --force: " + refusal);
    }

    const check::PageGlyphList glyphs = checked->pdf().glyphs();
    const AdaptedPdf adapted = adapted_pdf(
        SourceSheet{request.source, report.source_sheet.x, report.source_sheet.y}, report.plan,
        report.target_page, &glyphs, std::chrono::steady_clock::now() + request.time_limit);
    const std::string& bytes = adapted.bytes;
    if (adapted.text_pieces > 0 && !adapted.text_separated && report.plan.placements.size() > 1) {
        report.notes.push_back(
            "the source's text could not be matched to its content: each part of the result "
            "draws all of it, clipped, so text extraction (and the check) may find a line more "
            "than once");
    }
    std::unique_ptr<check::CoverCheck> result;
    std::unique_ptr<TemporaryFile> unwritten;
    if (!report.refused()) {
        std::error_code ignored;
        if (std::filesystem::equivalent(request.output, request.source, ignored)) {
            throw OutputError(request.output.string() +
                              " is the source cover; name another output (-o)");
        }
        render::write_file_atomically(request.output, bytes);
        report.output = request.output;
        check::CheckRequest result_check;
        result_check.file = request.output;
        result_check.printers = {request.target};
        result_check.hints.binding = report.target_layout.binding;
        result_check.hints.trim = report.target_layout.trim;
        result_check.hints.pages = report.target_layout.pages;
        result_check.hints.paper_by_printer[request.target->id] = report.target_layout.paper_id;
        result_check.template_file = report.template_file;
        result_check.time_limit = request.time_limit;
        result = check::CoverCheck::run(result_check);
        if (!result->report().printers.empty())
            report.check = result->report().printers.front();
        report.check_limits = result->report().limits;
    } else if (request.proof) {
        unwritten = std::make_unique<TemporaryFile>(bytes);
    }

    if (request.proof) {
        std::error_code ignored;
        if (std::filesystem::equivalent(*request.proof, request.source, ignored))
            throw OutputError(request.proof->string() + " is the source cover; name another proof");
        std::unique_ptr<check::CoverPdf> drawn;
        if (!result) {
            drawn = check::CoverPdf::open(
                unwritten->path(),
                check::Deadline::after(request.time_limit));
        }
        const check::CoverPdf& result_pdf = result ? result->pdf() : *drawn;
        render::write_file_atomically(*request.proof,
                                      adapt_proof(checked->pdf(), result_pdf, report));
        report.proof = request.proof;
    }
    return report;
}

}  // namespace podcover::adapt
