#include "podcover/check/checker.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover::check {
namespace {

using namespace podcover::literals;

// A cover may differ from the printer's size by this much: the printers' own tolerance for
// uploaded files is not published; 0.01 in is a tenth of the smallest fold drift that shows.
constexpr Length size_tolerance = 0.01_in;
// Poppler's word boxes span the font's declared ascent and descent, which can pass the glyphs
// themselves; text placed exactly on a safe line measures up to about a point beyond it.
constexpr Length text_tolerance = 0.01_in;
// A hard edge is a step of colour that runs down most of a fold's band. An anti-aliased edge
// splits its step across two pixels, so the contrast asked of each is lower than for detail;
// noise and texture never line up in one column down 60% of the rows.
constexpr int edge_contrast = 20;
// Resolutions the checker renders at: a quick overview to find the artwork, the cover for
// detail, bleed and clear areas, and the back cover for barcodes.
constexpr double overview_ppi = 36;
constexpr double cover_ppi = 100;
constexpr double barcode_ppi = 300;
// Art is low resolution below this when the printer's file states no other [KDP-H], [IS-G].
constexpr int default_min_ppi = 300;

std::string in(Length length) {
    return length.format_with_unit(Unit::in, 4);
}
std::string in_mm(Length length) {
    return length.format_with_unit(Unit::in, 3) + " (" + length.format_with_unit(Unit::mm, 2) + ")";
}
std::string size_text(const Size& size) {
    return size.format(Unit::in, 4);
}
std::string quoted(const std::string& text) {
    return "'" + (text.size() > 60 ? text.substr(0, 57) + "..." : text) + "'";
}

Rect shifted(const Rect& rect, Length dx, Length dy) {
    return Rect{rect.x + dx, rect.y + dy, rect.width, rect.height};
}

double area_in2(const Rect& r) {
    return r.width.in() * r.height.in();
}

// The share of `inner`'s area that lies inside `outer`.
double share_inside(const Rect& inner, const Rect& outer) {
    const double whole = area_in2(inner);
    if (whole <= 0)
        return outer.contains(inner) ? 1.0 : 0.0;
    const auto common = inner.intersection(outer);
    return common ? area_in2(*common) / whole : 0.0;
}

bool rgb_space(const std::string& space) {
    return space == "DeviceRGB" || space == "CalRGB" || space == "ICCBased RGB" ||
           space == "Indexed DeviceRGB" || space == "Indexed ICCBased RGB";
}

// A book on a printer whose sheet the cover's size fits.
struct Candidate {
    const PrinterSpec* printer;
    BookSpec book;
    Size sheet;
    Length off;  // how far the sheet is from the cover's size (the larger side)
};

std::string describe(const Candidate& c) {
    return c.printer->name + " " + std::string(binding_id(c.book.binding)) + " " +
           c.book.trim.format(Unit::in, 4) + " on " + c.book.paper + ", " +
           std::to_string(c.book.pages) + " pages";
}

class Checker {
  public:
    Checker(const CheckRequest& request, CheckReport& report, CoverPdf& pdf, Deadline deadline)
        : request_(request),
          hints_(request.hints),
          report_(report),
          pdf_(pdf),
          deadline_(deadline) {}

    void run() {
        report_.file = request_.file;
        report_.pages = pdf_.pages();
        report_.page = pdf_.page_size();
        inventory_ = pdf_.inventory();
        fonts_ = pdf_.fonts();
        locate();
        image_only();
        infer();
        for (const PrinterSpec* printer : request_.printers)
            check_printer(*printer);
        limits();
    }

  private:
    const CheckRequest& request_;
    BookHints hints_;  // the request's, completed as facts are inferred
    CheckReport& report_;
    CoverPdf& pdf_;
    Deadline deadline_;
    // When the cover's size fits several printers' stocks at different page counts, each
    // printer is checked with its own fit, and warned that the cover is right for at most
    // one of them when the page counts differ (own_books_text_ lists them).
    std::map<std::string, BookSpec> own_book_;
    std::string own_books_text_;
    // Printers whose spine cannot be sized: the page count is known only as a range.
    std::map<std::string, std::string> uncertain_;
    // The cover is a listed sheet turned a quarter, or cropped at the trim.
    enum class SizeClue { none, turned, cropped } size_clue_ = SizeClue::none;
    Inventory inventory_;
    std::vector<FontUse> fonts_;
    std::optional<RenderedArea> cover_raster_;

    // ---- where the cover is ----------------------------------------------------------

    // Sheets the printers offer for a cover of this height: does some trim fit?
    bool plausible(const Size& size) const {
        for (const auto& candidate : fits(size, false)) {
            if (candidate.off <= size_tolerance)
                return true;
        }
        return false;
    }

    void locate() {
        const Rect page{Length(), Length(), report_.page.width, report_.page.height};
        report_.cover = page;
        report_.cover_found = "the whole page";
        if (const auto bleed = pdf_.bleed_box();
            bleed && *bleed != page && plausible(bleed->size())) {
            report_.cover = *bleed;
            report_.cover_found = "the page's BleedBox";
            return;
        }
        if (plausible(report_.page))
            return;
        // Perhaps the artwork sits on a larger page, such as a printer's template: the
        // largest block of content, its edges taken from the drawing's own objects.
        const RenderedArea overview = pdf_.render(overview_ppi);
        const auto block = largest_content_block(overview.raster);
        if (!block)
            return;
        Rect found = shifted(*block, overview.origin_x, overview.origin_y);
        found = snapped(found, Length::from_units(static_cast<Length::rep>(Length::units_per_in *
                                                                           2.5 / overview_ppi)));
        const Length margin = 0.25_in;
        const bool framed = found.left() >= margin || found.top() >= margin ||
                            page.right() - found.right() >= margin ||
                            page.bottom() - found.bottom() >= margin;
        if (plausible(found.size()) || (framed && area_in2(found) < 0.9 * area_in2(page))) {
            report_.cover = found;
            report_.cover_found = "the artwork on a larger page (" + size_text(report_.page) +
                                  "), found from its content";
        }
    }

    // Each edge of a coarse rectangle moved to the nearest edge of an image or a filled shape
    // within `reach`: exact where the art is built from such objects.
    Rect snapped(const Rect& coarse, Length reach) const {
        std::vector<Rect> boxes;
        for (const auto& image : inventory_.images)
            boxes.push_back(image.box);
        for (const auto& shape : inventory_.shapes) {
            if (shape.filled)
                boxes.push_back(shape.box);
        }
        auto best = [&](Length target, auto edge) {
            Length chosen = target, distance = reach;
            for (const auto& box : boxes) {
                const Length e = edge(box);
                if (abs(e - target) < distance) {
                    distance = abs(e - target);
                    chosen = e;
                }
            }
            return chosen;
        };
        return Rect::from_edges(best(coarse.left(), [](const Rect& r) { return r.left(); }),
                                best(coarse.top(), [](const Rect& r) { return r.top(); }),
                                best(coarse.right(), [](const Rect& r) { return r.right(); }),
                                best(coarse.bottom(), [](const Rect& r) { return r.bottom(); }));
    }

    void image_only() {
        // One flattened image: no text, and images covering nearly all of the cover.
        double covered = 0;
        for (const auto& image : inventory_.images) {
            if (auto common = image.box.intersection(report_.cover))
                covered = std::max(covered, area_in2(*common));
        }
        report_.image_only = inventory_.runs.empty() && covered >= 0.9 * area_in2(report_.cover);
    }

    // ---- what the book is --------------------------------------------------------------

    // Books on the requested printers whose sheet is within `limit` of the size, the closest
    // first: hints fixed, every offered binding, trim and paper otherwise, and for each the
    // page count whose spine fits best.
    std::vector<Candidate> fits(const Size& size, bool use_all_hints) const {
        std::vector<Candidate> found;
        for (const PrinterSpec* printer : request_.printers) {
            for (const auto& spec : printer->bindings) {
                if (hints_.binding && spec.binding != *hints_.binding)
                    continue;
                for (const auto& offer : spec.offers) {
                    for (const auto& trim : offer.trims) {
                        if (hints_.trim && !trim.near(*hints_.trim, trim_match_tolerance))
                            continue;
                        for (const auto& paper : offer.papers) {
                            const std::string wanted = paper_hint(printer->id);
                            if (!wanted.empty() && use_all_hints) {
                                const PaperSpec* p = printer->find_paper(wanted);
                                if (!p || p->id != paper)
                                    continue;
                            }
                            const auto own = offer.pages.find(paper);
                            const PageRange range = own != offer.pages.end()
                                                        ? own->second.value
                                                        : spec.pages.at(paper).value;
                            if (auto c =
                                    best_pages(*printer, BookSpec{spec.binding, trim, 0, paper},
                                               range, size)) {
                                found.push_back(*c);
                            }
                        }
                    }
                }
                // A custom trim the user gave: its papers and page limits are those layout()
                // borrows from the smallest listed trim that contains it.
                if (hints_.trim && !offers_trim(*printer, spec.binding, *hints_.trim)) {
                    for (const auto& paper : spec.paper_ids(*printer)) {
                        const std::string wanted = paper_hint(printer->id);
                        const PaperSpec* p = wanted.empty() ? nullptr : printer->find_paper(wanted);
                        if (use_all_hints && !wanted.empty() && (!p || p->id != paper))
                            continue;
                        PageRange range{1, 0};
                        for (const auto& offer : spec.offers) {
                            if (std::find(offer.papers.begin(), offer.papers.end(), paper) ==
                                offer.papers.end())
                                continue;
                            const auto own = offer.pages.find(paper);
                            const PageRange r = own != offer.pages.end()
                                                    ? own->second.value
                                                    : spec.pages.at(paper).value;
                            range = range.max == 0 ? r
                                                   : PageRange{std::min(range.min, r.min),
                                                               std::max(range.max, r.max)};
                        }
                        if (range.max == 0)
                            continue;
                        if (auto c =
                                best_pages(*printer, BookSpec{spec.binding, *hints_.trim, 0, paper},
                                           range, size)) {
                            found.push_back(*c);
                        }
                    }
                }
            }
        }
        std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
            // Closest first (to 0.0001 in), then even page counts (books are printed in
            // leaves), then the exact distance, then the printers' and papers' own order.
            const auto ra = a.off.rounded_half_up(0.0001_in), rb = b.off.rounded_half_up(0.0001_in);
            if (ra != rb)
                return ra < rb;
            const bool even_a = a.book.pages % 2 == 0, even_b = b.book.pages % 2 == 0;
            if (even_a != even_b)
                return even_a;
            return a.off < b.off;
        });
        return found;
    }

    std::string paper_hint(const std::string& printer_id) const {
        const auto own = hints_.paper_by_printer.find(printer_id);
        return own != hints_.paper_by_printer.end() ? own->second : hints_.paper;
    }

    // The page count (the hinted one, or the best in the printer's range) for the book on
    // this printer, if its sheet comes within a quarter inch of the size. The sheet's height
    // does not depend on the page count, and its width grows with it: a height test, then a
    // binary search on the width.
    std::optional<Candidate> best_pages(const PrinterSpec& printer, BookSpec book,
                                        const PageRange& range, const Size& size) const {
        auto sheet_at = [&](int pages) -> std::optional<Size> {
            book.pages = pages;
            const auto result = compute_layout(printer, book);
            if (!result.layout)
                return std::nullopt;
            return result.layout->sheet;
        };
        std::optional<Candidate> best;
        auto consider = [&](int pages) {
            const auto sheet = sheet_at(pages);
            if (!sheet)
                return;
            const Length off =
                max(abs(sheet->width - size.width), abs(sheet->height - size.height));
            // Among page counts as close, an even one (IngramSpark prints 275 as 276).
            const bool better = !best || off < best->off ||
                                (off == best->off && pages % 2 == 0 && best->book.pages % 2 != 0);
            if (better) {
                book.pages = pages;
                best = Candidate{&printer, book, *sheet, off};
            }
        };
        if (hints_.pages) {
            consider(*hints_.pages);
        } else {
            const auto first = sheet_at(range.min);
            if (!first || abs(first->height - size.height) > 0.25_in)
                return std::nullopt;
            int low = range.min, high = range.max;
            while (high - low > 1) {
                const int middle = (low + high) / 2;
                const auto sheet = sheet_at(middle);
                if (!sheet)
                    break;
                (sheet->width < size.width ? low : high) = middle;
            }
            for (int pages = std::max(range.min, low - 2); pages <= std::min(range.max, high + 2);
                 ++pages)
                consider(pages);
        }
        if (!best || best->off > 0.25_in)
            return std::nullopt;
        return best;
    }

    // Every even page count (and the odd one before it) whose spine equals the fit's on its
    // printer: IngramSpark's casebound tables step in 1/16 in, so 276 to 304 pages share one.
    std::pair<int, int> same_spine(const Candidate& fit) const {
        const auto width = spine_width(*fit.printer, fit.book);
        int low = fit.book.pages, high = fit.book.pages;
        BookSpec book = fit.book;
        while (low > 1) {
            book.pages = low - 1;
            if (spine_width(*fit.printer, book) != width)
                break;
            --low;
        }
        while (high < 5000) {
            book.pages = high + 1;
            if (spine_width(*fit.printer, book) != width)
                break;
            ++high;
        }
        return {low, high};
    }

    void read_interior() {
        BookHints& hints = hints_;
        const auto interior = CoverPdf::open(*hints.interior, deadline_);
        const std::string name = hints.interior->filename().string();
        if (!hints.pages) {
            hints.pages = interior->pages();
            report_.inferred.push_back(
                {"pages", std::to_string(interior->pages()), "read from " + name});
        }
        if (!hints.trim) {
            const auto box = interior->trim_box();
            const InteriorTrim trim =
                interior_trim(box ? box->size() : interior->page_size(), box.has_value(),
                              request_.printers, hints.binding.value_or(Binding::paperback));
            hints.trim = trim.trim;
            report_.inferred.push_back(
                {"trim", size_text(trim.trim),
                 trim.note.empty()
                     ? std::string("the ") + (box ? "TrimBox" : "page size") + " of " + name
                     : name + ": " + trim.note});
        }
    }

    void infer() {
        BookHints& hints = hints_;
        if (hints.interior)
            read_interior();
        const Size size = report_.cover.size();
        report_.inferred.insert(report_.inferred.begin(),
                                {"cover", size_text(size), report_.cover_found});
        std::vector<Candidate> exact;
        for (const auto& c : fits(size, true)) {
            if (c.off <= size_tolerance)
                exact.push_back(c);
        }
        for (const auto& c : exact)
            report_.fits.push_back(describe(c));
        const bool everything_given =
            hints.binding && hints.trim && hints.pages &&
            (!hints.paper.empty() || hints.paper_by_printer.size() >= request_.printers.size());
        if (everything_given)
            return;

        // No book fits this size: perhaps a listed sheet turned a quarter, or cropped at the
        // trim (the commonest export mistake: 0.125 in of bleed missing on every side).
        if (exact.empty()) {
            for (const auto& c : fits(Size{size.height, size.width}, true)) {
                if (c.off <= size_tolerance)
                    exact.push_back(c);
            }
            if (!exact.empty()) {
                size_clue_ = SizeClue::turned;
            } else {
                for (const auto& c :
                     fits(Size{size.width + 0.25_in, size.height + 0.25_in}, true)) {
                    if (c.off <= size_tolerance && c.book.binding != Binding::case_laminate)
                        exact.push_back(c);
                }
                if (!exact.empty())
                    size_clue_ = SizeClue::cropped;
            }
        }
        std::optional<Candidate> chosen;
        if (!exact.empty()) {
            chosen = exact.front();
        } else {
            const auto loose = fits(size, false);
            if (!loose.empty())
                chosen = loose.front();
        }
        if (!chosen) {
            if (hints.trim && hints.pages) {
                if (hints.paper.empty()) {
                    hints.paper = "white";
                    report_.inferred.push_back({"paper", "white", "assumed; give --paper"});
                }
            } else {
                report_.inferred.push_back({"book", "unknown",
                                            "no trim the printers offer fits a cover of " +
                                                size_text(size) + "; give --trim and --pages"});
            }
            return;
        }
        if (!hints.binding) {
            hints.binding = chosen->book.binding;
            report_.inferred.push_back({"binding", std::string(binding_id(*hints.binding)),
                                        "from the cover's size; give --binding if it is another"});
        }
        const std::string how =
            size_clue_ == SizeClue::turned    ? " (the cover turned a quarter)"
            : size_clue_ == SizeClue::cropped ? " (the cover with 0.125 in of bleed added)"
            : chosen->off > size_tolerance    ? " (the nearest: the size fits no book exactly)"
                                              : "";
        if (!hints.trim) {
            hints.trim = chosen->book.trim;
            report_.inferred.push_back({"trim", size_text(*hints.trim),
                                        "from the cover's height, " + size_text(size) + how +
                                            "; give --trim if it is another"});
        }
        if (!hints.pages) {
            // One fit per printer: when several printers' stocks fit at different page counts,
            // the cover may have been made for either, so each is checked with its own.
            // A book has one page count: a printer's fit at the closest fit's count comes
            // before its closer fits at other counts.
            std::map<const PrinterSpec*, const Candidate*> fit_of;
            for (const auto& c : exact) {
                if (c.book.pages == chosen->book.pages)
                    fit_of.emplace(c.printer, &c);
            }
            for (const auto& c : exact)
                fit_of.emplace(c.printer, &c);
            std::vector<std::pair<std::string, const Candidate*>> per_printer;  // report order
            for (const PrinterSpec* printer : request_.printers) {
                if (const auto f = fit_of.find(printer); f != fit_of.end())
                    per_printer.emplace_back(printer->id, f->second);
            }
            bool differ = false;
            for (const auto& [id, c] : per_printer) {
                differ = differ || c->book.pages != chosen->book.pages ||
                         c->book.paper != chosen->book.paper;
            }
            if (per_printer.size() > 1 && differ && hints.paper.empty() &&
                hints.paper_by_printer.empty()) {
                std::vector<std::string> each, papers;
                bool one_count = true;
                for (const auto& [id, c] : per_printer) {
                    own_book_[id] = c->book;
                    each.push_back(std::to_string(c->book.pages) + " on " + c->printer->name +
                                   "'s " + c->book.paper);
                    papers.push_back(c->printer->name + "'s " + c->book.paper);
                    one_count = one_count && c->book.pages == chosen->book.pages;
                }
                own_books_text_ = join_names(each, "or");
                if (one_count) {
                    report_.inferred.push_back(
                        {"pages", std::to_string(chosen->book.pages),
                         "the cover's size fits this count on " + join_names(papers) +
                             ", so each printer is checked on its own paper; give --paper if "
                             "the book is on another" +
                             how});
                } else {
                    report_.inferred.push_back(
                        {"pages", own_books_text_,
                         "the cover's size fits each of these exactly, so each printer is "
                         "checked with its own; give --pages and --paper to check the book you "
                         "have" +
                             how});
                }
                return;
            }
            const auto [low, high] = same_spine(*chosen);
            hints.pages = chosen->book.pages;
            std::string value = std::to_string(*hints.pages);
            std::string note;
            if (high - low > 1) {
                value = std::to_string(low) + "\xE2\x80\x93" + std::to_string(high);
                note = "; " + chosen->printer->name + "'s spine is the same at any count from " +
                       std::to_string(low) + " to " + std::to_string(high) +
                       ", so other printers cannot be sized: give --pages";
                for (const PrinterSpec* printer : request_.printers) {
                    if (printer != chosen->printer) {
                        uncertain_[printer->id] =
                            "the cover's spine fits " + chosen->printer->name +
                            " at any page count from " + std::to_string(low) + " to " +
                            std::to_string(high) + ", and " + printer->name +
                            "'s spine depends on the count: give --pages to check its size";
                    }
                }
            }
            std::vector<std::string> others;
            for (std::size_t i = 1; i < report_.fits.size() && i < 4; ++i)
                others.push_back(report_.fits[i]);
            report_.inferred.push_back(
                {"pages", value,
                 "from the spine the cover's width leaves: " + describe(*chosen) + how + note +
                     (others.empty() ? "" : "; it also fits " + join_names(others))});
        }
        if (hints.paper.empty()) {
            hints.paper = chosen->book.paper;
            report_.inferred.push_back(
                {"paper", hints.paper,
                 "the paper of the closest fit; give --paper if it is another"});
        }
    }

    // ---- the checks ---------------------------------------------------------------------

    const RenderedArea& cover_pixels() {
        if (!cover_raster_)
            cover_raster_ = pdf_.render(cover_ppi, report_.cover);
        return *cover_raster_;
    }

    // An area of the cover (cover coordinates) as an area of the cover raster.
    Rect on_cover_raster(const Rect& area) {
        const RenderedArea& r = cover_pixels();
        return r.on_raster(shifted(area, report_.cover.x, report_.cover.y));
    }

    void check_printer(const PrinterSpec& printer) {
        PrinterCheck check;
        check.printer = &printer;
        const BookHints& hints = hints_;
        const auto own = own_book_.find(printer.id);
        if (own != own_book_.end()) {
            check.book = own->second;
        } else {
            check.book =
                BookSpec{hints.binding.value_or(Binding::paperback), hints.trim.value_or(Size{}),
                         hints.pages.value_or(0), paper_hint(printer.id)};
        }
        // A binding the user did not name, which this printer does not offer (KDP has no dust
        // jackets): not this printer's cover, so it is not checked, and the report says so.
        if (!request_.hints.binding && !printer.find_binding(check.book.binding)) {
            report_.skipped.push_back(
                {printer.id, printer.name + " offers no " +
                                 std::string(binding_id(check.book.binding)) +
                                 ": not checked (give --binding to check another)"});
            return;
        }
        if (check.book.paper.empty())
            check.book.paper = "white";
        if (!printer.find_paper(check.book.paper)) {
            // The stock the cover was made for may be another printer's paper (white-70 at
            // IngramSpark); the same book on this printer is then on its white.
            check.notes.push_back("no " + check.book.paper + " paper at " + printer.name +
                                  ": checked on white");
            check.book.paper = "white";
        }
        Findings findings(check);
        const bool book_known = own != own_book_.end() || (hints.trim && hints.pages);
        if (!book_known) {
            findings.add("book-unknown", Severity::error,
                         "podcover cannot tell the book's trim and page count from a cover of " +
                             size_text(report_.cover.size()) +
                             ": give --trim and --pages (or --interior)",
                         std::nullopt);
        } else if (const auto uncertain = uncertain_.find(printer.id);
                   uncertain != uncertain_.end() && printer.find_binding(check.book.binding)) {
            check.book.pages = 0;  // not known for this printer: not the other's count
            findings.add("pages-uncertain", Severity::warning,
                         "not sized or placed: " + uncertain->second, std::nullopt);
        } else {
            // A book has one page count: when the printers' own fits differ in it, the cover
            // is right for at most one of them, and which one only the page count can say.
            if (own != own_book_.end()) {
                const bool pages_differ = std::any_of(
                    own_book_.begin(), own_book_.end(),
                    [&](const auto& other) { return other.second.pages != own->second.pages; });
                if (pages_differ) {
                    findings.add(
                        "pages-uncertain", Severity::warning,
                        "checked as " + std::to_string(check.book.pages) + " pages on " +
                            check.book.paper + ", a guess: the cover's size fits " +
                            own_books_text_ +
                            ", and a book has one page count, so the cover is right for at most "
                            "one printer; give --pages and --paper to check the book you have",
                        std::nullopt);
                }
            }
            LayoutResult laid_out = compute_layout(printer, check.book);
            if (!laid_out.layout) {
                for (const auto& e : laid_out.errors)
                    findings.add("not-offered", Severity::error, e.message, std::nullopt);
            } else {
                check.expected = std::move(*laid_out.layout);
                for (const auto& n : check.expected->notes)
                    check.notes.push_back(n.message);
                check.offset_x = (report_.cover.width - check.expected->sheet.width) / 2;
                check.offset_y = (report_.cover.height - check.expected->sheet.height) / 2;
                geometry_checks(check, findings);
            }
        }
        file_checks(printer, check, findings);
        findings.finish();
        report_.printers.push_back(std::move(check));
    }

    // Collects a printer's findings and the checks that found nothing.
    class Findings {
      public:
        explicit Findings(PrinterCheck& check) : check_(check) {}
        void add(std::string code, Severity severity, std::string message,
                 std::optional<Rect> box) {
            check_.findings.push_back(Finding{std::move(code), severity, std::move(message), box});
        }
        void passed(const std::string& what) { check_.passed.push_back(what); }
        bool has(const std::string& code) const {
            return std::any_of(check_.findings.begin(), check_.findings.end(),
                               [&](const Finding& f) { return f.code == code; });
        }
        void finish() {
            std::stable_sort(
                check_.findings.begin(), check_.findings.end(),
                [](const Finding& a, const Finding& b) { return a.severity < b.severity; });
            check_.verdict = Verdict::pass;
            for (const auto& f : check_.findings) {
                if (f.severity == Severity::error)
                    check_.verdict = Verdict::fail;
                if (f.severity == Severity::warning && check_.verdict == Verdict::pass)
                    check_.verdict = Verdict::warn;
            }
        }

      private:
        PrinterCheck& check_;
    };

    // The expected layout's region, placed on the cover.
    Rect placed(const PrinterCheck& check, const Rect& region) const {
        return shifted(region, check.offset_x, check.offset_y);
    }
    Rect region(const PrinterCheck& check, const char* name) const {
        return placed(check, check.expected->at(name).rect);
    }

    void geometry_checks(PrinterCheck& check, Findings& findings) {
        const Layout& layout = *check.expected;
        const std::string& name = layout.printer_name;
        // Size.
        const Length dw = report_.cover.width - layout.sheet.width,
                     dh = report_.cover.height - layout.sheet.height;
        if (abs(dw) > size_tolerance || abs(dh) > size_tolerance) {
            std::string message =
                "the cover is " + size_text(report_.cover.size()) + "; " + name + " needs " +
                size_text(layout.sheet) + " for this book (" +
                std::string(binding_id(layout.binding)) + ", " + layout.trim.format(Unit::in, 4) +
                ", " + std::to_string(layout.pages) + " pages on " + layout.paper_id + "): ";
            std::vector<std::string> parts;
            if (abs(dw) > size_tolerance)
                parts.push_back(in_mm(abs(dw)) + (dw > Length() ? " too wide" : " too narrow"));
            if (abs(dh) > size_tolerance)
                parts.push_back(in_mm(abs(dh)) + (dh > Length() ? " too tall" : " too short"));
            message += join_names(parts);
            const Size turned{report_.cover.height, report_.cover.width};
            const Size with_bleed{report_.cover.width + 0.25_in, report_.cover.height + 0.25_in};
            if (layout.binding != Binding::case_laminate &&
                with_bleed.near(layout.sheet, size_tolerance)) {
                message += "; it is the trimmed cover without its bleed: extend the art " +
                           in(layout.bleed) + " beyond the trim on every side and export at " +
                           size_text(layout.sheet);
            } else if (turned.near(layout.sheet, size_tolerance)) {
                message +=
                    "; it is the right size turned a quarter: rotate the page (or set its /Rotate)";
            } else if (!report_.fits.empty()) {
                message +=
                    "; the cover's size fits " +
                    join_names(std::vector<std::string>(
                                   report_.fits.begin(),
                                   report_.fits.begin() + static_cast<long>(std::min<std::size_t>(
                                                              report_.fits.size(), 2))),
                               "or");
            }
            findings.add("size-mismatch", Severity::error, message,
                         Rect{Length(), Length(), report_.cover.width, report_.cover.height});
        } else {
            findings.passed("size " + size_text(report_.cover.size()) + " matches " +
                            size_text(layout.sheet));
        }
        const std::size_t first_positional = check.findings.size();
        text_checks(check, findings);
        image_checks(check, findings);
        edge_checks(check, findings);
        bleed_checks(check, findings);
        barcode_checks(check, findings);
        if (abs(dw) > size_tolerance || abs(dh) > size_tolerance) {
            // Positions were measured on the printer's sheet centred on a cover of another
            // size: say so, since fixing the size may move them.
            for (std::size_t i = first_positional; i < check.findings.size(); ++i) {
                if (check.findings[i].box)
                    check.findings[i].message +=
                        " (measured on " + name + "'s sheet centred on this cover of another size)";
            }
        }
    }

    void text_checks(PrinterCheck& check, Findings& findings) {
        const Layout& layout = *check.expected;
        const std::string& name = layout.printer_name;
        const Rect sheet{Length(), Length(), report_.cover.width, report_.cover.height};
        const Rect spine = region(check, "spine");
        std::vector<Rect> allowed;
        std::vector<Rect> hard;  // the template's hard limit, where the printer has one
        for (const auto& r : layout.regions) {
            if (r.kind == RegionKind::safe || r.kind == RegionKind::barcode)
                allowed.push_back(placed(check, r.rect).inset(-text_tolerance));
        }
        // Text between the printer's safe margin and the template's hard limit (IngramSpark:
        // 0.25 and 0.125 in) is a warning; beyond the hard limit, an error.
        const BindingSpec* spec = check.printer->find_binding(layout.binding);
        const Length hard_margin =
            spec && spec->hard_margin ? spec->hard_margin->value : layout.safe_margin;
        if (hard_margin < layout.safe_margin) {
            for (const auto& r : layout.regions) {
                if (r.kind == RegionKind::safe)
                    hard.push_back(placed(check, r.rect)
                                       .inset(hard_margin - layout.safe_margin - text_tolerance));
            }
        }
        int outside = 0, on_spine = 0, spine_problems = 0, near_folds = 0;
        for (const auto& run : inventory_.runs) {
            const Rect box =
                shifted(run.box, Length() - report_.cover.x, Length() - report_.cover.y);
            if (!sheet.overlaps(box))
                continue;  // beside the cover on a template page
            if (share_inside(box, spine) >= 0.5) {
                ++on_spine;
                if (!layout.spine_text_allowed) {
                    ++spine_problems;
                    findings.add("spine-text-not-allowed", Severity::error,
                                 "spine text " + quoted(run.text) + " on a book of " +
                                     std::to_string(layout.pages) + " pages: " + name +
                                     " allows spine text from " +
                                     std::to_string(layout.spine_text_min_pages) + " pages",
                                 box);
                    continue;
                }
                const Rect area = region(check, "spine-text").inset(-text_tolerance);
                const bool across = box.left() >= area.left() && box.right() <= area.right();
                if (across && !area.contains(box)) {
                    // Clear of the folds, but too near the head or foot.
                    ++spine_problems;
                    const bool head = box.top() < area.top();
                    const Length gap =
                        head ? box.top() - spine.top() : spine.bottom() - box.bottom();
                    findings.add("text-outside-safe-zone", Severity::error,
                                 "spine text " + quoted(run.text) + " runs to " +
                                     in_mm(max(gap, Length())) + " from the spine's " +
                                     (head ? "head" : "foot") + ": " + name + " keeps text " +
                                     in(layout.safe_margin) + " inside the trim",
                                 box);
                } else if (!area.contains(box)) {
                    ++spine_problems;
                    const Length to_back = box.left() - spine.left(),
                                 to_front = spine.right() - box.right();
                    const Length nearest = min(to_back, to_front);
                    findings.add("spine-text-clearance", Severity::error,
                                 "spine text " + quoted(run.text) + " is " +
                                     in_mm(max(nearest, Length())) + " from the " +
                                     (to_back < to_front ? "back" : "front") + " fold: " + name +
                                     " needs " + in(layout.spine_text_clearance) +
                                     " from each fold (and the fold may move " +
                                     format_inch_fraction(layout.fold_variance) + ")",
                                 box);
                }
                continue;
            }
            const bool inside = std::any_of(allowed.begin(), allowed.end(),
                                            [&](const Rect& a) { return a.contains(box); });
            if (!inside) {
                ++outside;
                const bool within_hard = std::any_of(
                    hard.begin(), hard.end(), [&](const Rect& a) { return a.contains(box); });
                findings.add(
                    "text-outside-safe-zone", within_hard ? Severity::warning : Severity::error,
                    "text " + quoted(run.text) + " lies outside " + name + "'s safe zone (" +
                        in(layout.safe_margin) + " inside the trim" +
                        (within_hard
                             ? "; it is inside the template's hard limit of " + in(hard_margin)
                             : "") +
                        "): it may be cut or wrapped away",
                    box);
            }
            for (const auto& fold : layout.folds) {
                const Length x = fold.x + check.offset_x;
                if (box.right() > x - fold.variance && box.left() < x + fold.variance) {
                    ++near_folds;
                    findings.add("fold-detail", Severity::warning,
                                 "text " + quoted(run.text) + " is within " +
                                     format_inch_fraction(fold.variance) + " of " + name + "'s " +
                                     fold.name + " at x = " + fold.x.format(Unit::in, 4) +
                                     " in: binding may put the fold on it",
                                 box);
                    break;
                }
            }
        }
        if (!inventory_.runs.empty()) {
            if (outside == 0)
                findings.passed("text inside the safe zone");
            if (on_spine > 0 && spine_problems == 0)
                findings.passed("spine text clear of both folds");
        }
        // Spine text drawn as pixels (a flattened cover, or art on the spine): seen as detail.
        if (on_spine == 0)
            spine_pixels(check, findings);
        (void)near_folds;
    }

    void spine_pixels(PrinterCheck& check, Findings& findings) {
        const Layout& layout = *check.expected;
        const RenderedArea& pixels = cover_pixels();
        const Rect spine = region(check, "spine");
        // Leave out the fold bands themselves: their edges belong to the fold checks.
        const Length v = layout.fold_variance;
        const Rect inner =
            Rect::from_edges(spine.left() + v, spine.top(), spine.right() - v, spine.bottom());
        if (inner.width <= Length())
            return;
        const Detail detail = measure_detail(pixels.raster, on_cover_raster(inner));
        // A spine's lettering makes at least this share of its pixels busy; art does not.
        constexpr double lettering_share = 0.01;
        if (detail.busy_share < lettering_share) {
            findings.passed("no lettering seen on the spine's pixels");
            return;
        }
        if (!layout.spine_text_allowed) {
            findings.add("spine-text-not-allowed", Severity::warning,
                         "the spine's pixels hold detail like lettering (" +
                             format_number(detail.busy_share * 100, 1) +
                             "% of them), on a book of " + std::to_string(layout.pages) +
                             " pages: " + layout.printer_name + " allows spine text from " +
                             std::to_string(layout.spine_text_min_pages) +
                             " pages (seen in the rendered pixels)",
                         spine);
            return;
        }
        // Lettering in the clearance strips, between the fold band and the spine-text area.
        const Rect area = region(check, "spine-text");
        for (const Rect strip :
             {Rect::from_edges(spine.left() + v, spine.top(), area.left(), spine.bottom()),
              Rect::from_edges(area.right(), spine.top(), spine.right() - v, spine.bottom())}) {
            if (strip.width <= Length())
                continue;
            const Detail near = measure_detail(pixels.raster, on_cover_raster(strip));
            if (near.busy_share >= lettering_share) {
                findings.add("spine-text-clearance", Severity::warning,
                             "the spine has detail within " + in(layout.spine_text_clearance) +
                                 " of a fold, where " + layout.printer_name +
                                 " wants no text (seen in the rendered pixels)",
                             strip);
            }
        }
    }

    void image_checks(PrinterCheck& check, Findings& findings) {
        const Layout& layout = *check.expected;
        const auto& files = check.printer->files;
        const int min_ppi = files.min_image_ppi ? files.min_image_ppi->value : default_min_ppi;
        const Rect sheet{Length(), Length(), report_.cover.width, report_.cover.height};
        int low = 0;
        for (const auto& image : inventory_.images) {
            const Rect box =
                shifted(image.box, Length() - report_.cover.x, Length() - report_.cover.y);
            if (!sheet.overlaps(box) || image.mask)
                continue;
            if (box.width < 0.2_in || box.height < 0.2_in)
                continue;  // rules and specks, not art
            if (image.pixels_per_inch + 0.5 < min_ppi) {
                ++low;
                findings.add("low-resolution-image", Severity::warning,
                             "an image of " + std::to_string(image.width_px) + " \xC3\x97 " +
                                 std::to_string(image.height_px) + " px is placed at " +
                                 std::to_string(static_cast<int>(image.pixels_per_inch)) +
                                 " ppi (" + size_text(box.size()) + "); " + layout.printer_name +
                                 " asks for " + std::to_string(min_ppi) + " ppi",
                             box);
            }
        }
        if (low == 0 && !inventory_.images.empty())
            findings.passed("images at " + std::to_string(min_ppi) + " ppi or more");
        // Colour: a printer that takes CMYK only flags RGB content.
        if (files.color_spaces) {
            const auto& accepted = files.color_spaces->value;
            const bool rgb_ok =
                std::find(accepted.begin(), accepted.end(), "rgb") != accepted.end();
            std::vector<std::string> rgb;
            for (const auto& space : inventory_.color_spaces) {
                if (rgb_space(space))
                    rgb.push_back(space);
            }
            if (!rgb_ok && !rgb.empty()) {
                std::string expected = join_names(accepted);
                for (auto& c : expected)
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                findings.add(
                    "color-space", Severity::warning,
                    "the cover uses " + join_names(rgb) + " colour: " + layout.printer_name +
                        " expects " + expected +
                        (files.pdf_standard ? " (" + files.pdf_standard->value + ")"
                                            : std::string()) +
                        "; convert it, or expect the printer's conversion to shift colours",
                    std::nullopt);
            } else {
                findings.passed(
                    "colour spaces (" +
                    join_names(std::vector<std::string>(inventory_.color_spaces.begin(),
                                                        inventory_.color_spaces.end())) +
                    ")");
                if (!rgb.empty() && files.color_spaces->source.evidence == Evidence::unverified) {
                    check.notes.push_back("RGB passes because " + layout.printer_name +
                                          " is taken to accept it, which is UNVERIFIED: " +
                                          files.color_spaces->source.note);
                }
            }
        }
    }

    // Hard edges in the fold bands. The pixels decide whether there is one (a shape's edge
    // against a neighbour of its own colour shows nothing); a shape's edge within two pixels of
    // it gives its exact position.
    void edge_checks(PrinterCheck& check, Findings& findings) {
        const Layout& layout = *check.expected;
        const RenderedArea& pixels = cover_pixels();
        const Length two_pixels = Length::from_units(
            static_cast<Length::rep>(2 * Length::units_per_in / pixels.raster.pixels_per_inch));
        int found = 0;
        for (const auto& fold : layout.folds) {
            const Length x = fold.x + check.offset_x;
            const Rect band{x - fold.variance, Length(), fold.variance * 2, report_.cover.height};
            const auto edge =
                find_vertical_edge(pixels.raster, on_cover_raster(band), 0.6, edge_contrast);
            if (!edge)
                continue;
            Length edge_x = edge->x + pixels.origin_x - report_.cover.x;
            for (const auto& shape : inventory_.shapes) {
                if (!shape.filled)
                    continue;
                const Rect box =
                    shifted(shape.box, Length() - report_.cover.x, Length() - report_.cover.y);
                for (const Length e : {box.left(), box.right()}) {
                    if (abs(e - edge_x) <= two_pixels)
                        edge_x = e;
                }
            }
            ++found;
            findings.add("fold-detail", Severity::warning,
                         "a hard edge at x = " + edge_x.format(Unit::in, 4) + " in lies within " +
                             format_inch_fraction(fold.variance) + " of " + layout.printer_name +
                             "'s " + fold.name + " (x = " + x.format(Unit::in, 4) +
                             " in): binding may move the fold off it, showing a sliver of the "
                             "wrong colour; run the colour across the fold",
                         Rect{edge_x, Length(), Length(), report_.cover.height});
        }
        if (found == 0)
            findings.passed("no hard edges at the folds");
    }

    void bleed_checks(PrinterCheck& check, Findings& findings) {
        // A cover smaller than the printer's sheet has no bleed to look at: its size finding
        // says what is wrong.
        // (Poppler gives the page to 0.001 pt, so "smaller" means beyond the size tolerance.)
        if (check.offset_x < -size_tolerance / 2 || check.offset_y < -size_tolerance / 2)
            return;
        const Layout& layout = *check.expected;
        const RenderedArea& pixels = cover_pixels();
        const Rect trim = region(check, "trim");
        const Rect sheet{Length(), Length(), report_.cover.width, report_.cover.height};
        const Length depth = min(trim.left() - sheet.left(), trim.top() - sheet.top());
        if (depth <= Length())
            return;
        // The outer half of the bleed, against a strip as deep just inside the trim.
        const Length outer = depth / 2, inner = max(depth / 2, 0.0625_in);
        struct Side {
            const char* name;
            Rect beyond, within;
        };
        const Side sides[] = {
            {"top", Rect::from_edges(sheet.left(), sheet.top(), sheet.right(), sheet.top() + outer),
             Rect::from_edges(trim.left(), trim.top(), trim.right(), trim.top() + inner)},
            {"bottom",
             Rect::from_edges(sheet.left(), sheet.bottom() - outer, sheet.right(), sheet.bottom()),
             Rect::from_edges(trim.left(), trim.bottom() - inner, trim.right(), trim.bottom())},
            {"left",
             Rect::from_edges(sheet.left(), sheet.top(), sheet.left() + outer, sheet.bottom()),
             Rect::from_edges(trim.left(), trim.top(), trim.left() + inner, trim.bottom())},
            {"right",
             Rect::from_edges(sheet.right() - outer, sheet.top(), sheet.right(), sheet.bottom()),
             Rect::from_edges(trim.right() - inner, trim.top(), trim.right(), trim.bottom())},
        };
        std::vector<std::string> short_sides;
        for (const auto& side : sides) {
            const double beyond = white_share(pixels.raster, on_cover_raster(side.beyond));
            const double within = white_share(pixels.raster, on_cover_raster(side.within));
            if (beyond >= 0.9 && within <= 0.5) {
                short_sides.push_back(side.name);
                findings.add(
                    "no-bleed", Severity::error,
                    "the art stops at the trim on the " + std::string(side.name) + ": the outer " +
                        in(outer) + " of the " + in(depth) + " " +
                        (layout.binding == Binding::case_laminate ? "wrap" : "bleed") +
                        " is white where the cover inside is not; extend the art to the page edge",
                    side.beyond);
            }
        }
        if (short_sides.empty())
            findings.passed("art reaches the bleed");
    }

    void barcode_checks(PrinterCheck& check, Findings& findings) {
        const Layout& layout = *check.expected;
        const Rect area = region(check, "barcode");
        const Rect back = region(check, "back");
        const BindingSpec* spec = check.printer->find_binding(layout.binding);
        const bool printer_prints_unless_told =
            spec && spec->barcode.printer_barcode.value == "unless-supplied";
        // Where to look: a printer that prints its own barcode unless told cares only about its
        // area (and half an inch around, for a barcode placed nearly there), scanned at 300 ppi;
        // one that adds a barcode if the cover has none, about the whole back, at 200 ppi (two
        // pixels to a module even at 81%, which zbar reads). zbar's time grows with the pixels.
        const Rect look = printer_prints_unless_told
                              ? area.inset(-0.5_in).intersection(back).value_or(area)
                              : back;
        const RenderedArea scanned =
            pdf_.render(printer_prints_unless_told ? barcode_ppi : barcode_ppi * 2 / 3,
                        shifted(look, report_.cover.x, report_.cover.y), 40'000'000);
        const auto to_cover = [&](const Rect& r) {
            return shifted(r, scanned.origin_x - report_.cover.x,
                           scanned.origin_y - report_.cover.y);
        };
        std::vector<FoundBarcode> codes = find_barcodes(
            scanned.raster, scanned.on_raster(shifted(look, report_.cover.x, report_.cover.y)));
        std::optional<Rect> code_box;
        std::string isbn;
        for (auto& code : codes) {
            code.box = to_cover(code.box);
            if (code.symbology.find("EAN-13") != std::string::npos ||
                code.symbology.find("ISBN") != std::string::npos) {
                code_box = code.box;
                isbn = code.data;
            }
        }
        const std::string& name = layout.printer_name;
        if (printer_prints_unless_told) {
            if (code_box && code_box->overlaps(area)) {
                findings.add("barcode-found", Severity::note,
                             "the cover has its own barcode (" + isbn + ") in " + name +
                                 "'s barcode area: tell " + name +
                                 " the cover has a barcode when you upload it",
                             *code_box);
                return;
            }
            const Detail detail = measure_detail(cover_pixels().raster, on_cover_raster(area));
            bool text_inside = false;
            for (const auto& run : inventory_.runs) {
                text_inside = text_inside || shifted(run.box, Length() - report_.cover.x,
                                                     Length() - report_.cover.y)
                                                 .overlaps(area);
            }
            if (text_inside || detail.busy_share >= 0.005) {
                findings.add("barcode-area-not-clear", Severity::error,
                             name + " prints its barcode in the " + size_text(area.size()) +
                                 " area at the back's lower " + "corner by the spine (" +
                                 in(layout.at("barcode").rect.left()) +
                                 " from the left edge), over " +
                                 "whatever is there: keep it clear" +
                                 (text_inside ? " (it holds text)" : " (it holds detail)"),
                             area);
            } else {
                findings.passed("barcode area clear for " + name + "'s barcode");
            }
            return;
        }
        // The printer adds a barcode if the cover has none: it needs a clear area for it.
        if (code_box) {
            findings.add("barcode-found", Severity::note, "barcode found: " + isbn, *code_box);
            findings.passed("barcode present");
            return;
        }
        const Rect safe = region(check, "back-safe");
        const auto plain = find_plain_area(
            scanned.raster, scanned.on_raster(shifted(safe, report_.cover.x, report_.cover.y)),
            area.size());
        if (!plain) {
            findings.add("barcode-area-not-clear", Severity::error,
                         "the cover has no barcode, and no clear " + size_text(area.size()) +
                             " area in the back safe area where " + name +
                             " could place one; leave one clear (" +
                             in(layout.at("barcode").rect.left()) +
                             " from the left edge is the template's place) or add the ISBN barcode",
                         safe);
        } else {
            findings.add("barcode-area-clear", Severity::note,
                         "no barcode on the cover; " + name +
                             " can place its own in the clear area found at " +
                             size_text(plain->size()) +
                             " from x = " + to_cover(*plain).x.format(Unit::in, 3) + " in",
                         to_cover(*plain));
        }
    }

    void file_checks(const PrinterSpec& printer, PrinterCheck& check, Findings& findings) {
        const std::string& name = printer.name;
        const auto& files = printer.files;
        // A rule of the printer's data, noted when it is UNVERIFIED.
        auto rule = [&](const std::optional<Sourced<bool>>& sourced, const std::string& what) {
            if (!sourced || !sourced->value)
                return false;
            if (sourced->source.evidence == Evidence::unverified) {
                check.notes.push_back(what + " is UNVERIFIED: " + sourced->source.note);
            }
            return true;
        };
        if (report_.pages > 1 && rule(files.single_page, "one page per cover")) {
            findings.add(
                "not-single-page", Severity::error,
                "the PDF has " + std::to_string(report_.pages) + " pages; " + name +
                    " takes the cover as one page (back, spine and front): only page 1 was checked",
                std::nullopt);
        }
        if (pdf_.encrypted() && rule(files.unencrypted, "no encryption")) {
            findings.add(
                "encrypted", Severity::error,
                "the PDF is encrypted; " + name + " needs it without encryption or restrictions",
                std::nullopt);
        }
        // Fonts that set text; a font only named in the page's resources prints nothing.
        std::vector<std::string> missing;
        for (const auto& font : fonts_) {
            if (!font.embedded && inventory_.fonts_used.count(font.name) != 0) {
                missing.push_back(font.name + " (" + font.type + ")");
            }
        }
        if (!missing.empty()) {
            findings.add("font-not-embedded", Severity::error,
                         "fonts not embedded: " + join_names(missing) + "; " + name +
                             " needs every font embedded",
                         std::nullopt);
        } else if (!fonts_.empty()) {
            findings.passed("fonts embedded");
        }
        const double megabytes = static_cast<double>(pdf_.file_bytes()) / (1024.0 * 1024.0);
        if (files.max_file_mb && megabytes > files.max_file_mb->value) {
            findings.add("file-too-large", Severity::error,
                         "the file is " + format_number(megabytes, 1) + " MB; " + name +
                             " takes at most " + std::to_string(files.max_file_mb->value) + " MB",
                         std::nullopt);
        } else if (files.advised_file_mb && megabytes > files.advised_file_mb->value) {
            findings.add(
                "file-too-large", Severity::warning,
                "the file is " + format_number(megabytes, 1) + " MB; " + name +
                    " advises at most " + std::to_string(files.advised_file_mb->value) + " MB" +
                    (files.max_file_mb
                         ? " (it takes up to " + std::to_string(files.max_file_mb->value) + " MB)"
                         : std::string()),
                std::nullopt);
        }
        if (pdf_.has_annotations() && rule(files.no_annotations, "no annotations")) {
            findings.add("annotations", Severity::warning,
                         "the page has annotations (comments, links or form fields); " + name +
                             " wants none",
                         std::nullopt);
        }
        const auto problems = pdf_.problems();
        if (!problems.empty()) {
            findings.add("pdf-damaged", Severity::warning,
                         "Poppler reported " + std::to_string(problems.size()) + " problem" +
                             (problems.size() > 1 ? "s" : "") + " reading the file (first: " +
                             problems.front() + "); check the printed result or export again",
                         std::nullopt);
        }
    }

    void limits() {
        auto& limits = report_.limits;
        if (report_.pages > 1)
            limits.push_back("only the first page was checked");
        if (report_.image_only) {
            limits.push_back(
                "the cover is one flattened image: text positions are not known, so spine and fold "
                "checks work "
                "from its pixels, and text elsewhere is not checked against the safe zone");
        }
        limits.push_back(
            "colour is checked by colour space, not by ink coverage (total ink, rich black), "
            "overprint, or whether small text and a supplied barcode are 100% K");
        limits.push_back(
            "PDF/X conformance, transparency and a supplied barcode's size are not checked (the "
            "barcode is only read)");
        limits.push_back(
            "text inside images is seen only on the spine and in the fold bands, from the pixels");
        if (inventory_.shapes_truncated) {
            limits.push_back("the drawing has more than " + std::to_string(Inventory::max_shapes) +
                             " shapes; only the largest were used to find edges");
        }
    }
};

}  // namespace

std::string_view verdict_id(Verdict verdict) {
    switch (verdict) {
        case Verdict::pass:
            return "pass";
        case Verdict::warn:
            return "warn";
        case Verdict::fail:
            return "fail";
    }
    return "fail";
}

bool CheckReport::any_failed() const {
    return std::any_of(printers.begin(), printers.end(),
                       [](const PrinterCheck& p) { return p.verdict == Verdict::fail; });
}

std::unique_ptr<CoverCheck> CoverCheck::run(const CheckRequest& request) {
    auto check = std::unique_ptr<CoverCheck>(new CoverCheck());
    const Deadline deadline{std::chrono::steady_clock::now() + request.time_limit};
    check->pdf_ = CoverPdf::open(request.file, deadline);
    Checker(request, check->report_, *check->pdf_, deadline).run();
    return check;
}

}  // namespace podcover::check
