#include "podcover/check/infer.hpp"

#include <algorithm>
#include <deque>

#include "podcover/names.hpp"
#include "wording.hpp"

namespace podcover::check {
namespace {

using namespace podcover::literals;

// The page count (the hinted one, or the best in the range) for the book on this printer,
// if its sheet comes within a quarter inch of the size. The sheet's height does not depend on
// the page count, and its width grows with it: a height test, then a binary search on the
// width.
std::optional<Candidate> best_pages(const PrinterSpec& printer, BookSpec book,
                                    const PageRange& range, const Size& size,
                                    std::optional<int> hinted_pages) {
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
        const Length off = max(abs(sheet->width - size.width), abs(sheet->height - size.height));
        // Among page counts as close, an even one (IngramSpark prints 275 as 276).
        const bool better = !best || off < best->off ||
                            (off == best->off && pages % 2 == 0 && best->book.pages % 2 != 0);
        if (better) {
            book.pages = pages;
            best = Candidate{&printer, book, *sheet, off};
        }
    };
    if (hinted_pages) {
        consider(*hinted_pages);
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

// Every page count around the fit's whose spine equals the fit's on its printer:
// IngramSpark's casebound tables step in 1/16 in, so 276 to 304 pages share one.
std::pair<int, int> same_spine(const Candidate& fit) {
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

}  // namespace

const std::string& BookHints::paper_for(const std::string& printer_id) const {
    const auto own = paper_by_printer.find(printer_id);
    return own != paper_by_printer.end() ? own->second : paper;
}

std::string describe(const Candidate& c) {
    return c.printer->name + " " + std::string(binding_id(c.book.binding)) + " " +
           c.book.trim.format(Unit::in, 4) + " on " + c.book.paper + ", " +
           std::to_string(c.book.pages) + " pages";
}

std::vector<Candidate> fits(const Size& size, const BookHints& hints,
                            const std::vector<const PrinterSpec*>& printers, bool use_paper_hints,
                            Length size_precision) {
    std::vector<Candidate> found;
    for (const PrinterSpec* printer : printers) {
        const std::string& wanted = hints.paper_for(printer->id);
        const PaperSpec* wanted_paper = wanted.empty() ? nullptr : printer->find_paper(wanted);
        // A paper the user named rules out the others (when asked to use it).
        auto ruled_out = [&](const std::string& paper) {
            return use_paper_hints && !wanted.empty() && (!wanted_paper || wanted_paper->id != paper);
        };
        for (const auto& spec : printer->bindings) {
            if (hints.binding && spec.binding != *hints.binding)
                continue;
            // The listed trims, or the custom trim the user gave.
            std::vector<Size> trims;
            if (hints.trim && !offers_trim(*printer, spec.binding, *hints.trim)) {
                trims.push_back(*hints.trim);
            } else {
                for (const auto& offer : spec.offers) {
                    for (const auto& trim : offer.trims) {
                        if ((!hints.trim || trim.near(*hints.trim, trim_match_tolerance)) &&
                            std::find(trims.begin(), trims.end(), trim) == trims.end())
                            trims.push_back(trim);
                    }
                }
            }
            for (const auto& trim : trims) {
                for (const auto& paper : spec.paper_ids(*printer)) {
                    if (ruled_out(paper))
                        continue;
                    // Every count the printer accepts, UNVERIFIED ones included: a cover
                    // KDP's calculator made is one podcover must recognise.
                    const auto accepted = accepted_pages(*printer, spec.binding, trim, paper);
                    if (!accepted)
                        continue;
                    if (auto c = best_pages(*printer, BookSpec{spec.binding, trim, 0, paper},
                                            accepted->accepted.value, size, hints.pages)) {
                        found.push_back(*c);
                    }
                }
            }
        }
    }
    const auto distance = [&](const Candidate& c) {
        return c.off <= size_precision ? Length() : c.off.rounded_half_up(0.0001_in);
    };
    std::stable_sort(found.begin(), found.end(), [&](const Candidate& a, const Candidate& b) {
        // Closest first (to 0.0001 in, or within the size's precision), then even page counts
        // (books are printed in leaves), then the exact distance, then the printers' and
        // papers' own order.
        const auto ra = distance(a), rb = distance(b);
        if (ra != rb)
            return ra < rb;
        const bool even_a = a.book.pages % 2 == 0, even_b = b.book.pages % 2 == 0;
        if (even_a != even_b)
            return even_a;
        // A page 3878 px wide at 300 ppi is 12.9267 in whether the cover was made 12.9256 in
        // (KDP, 300 pages on white) or 12.9268 in (288 on groundwood): the pixels cannot tell.
        if (a.off <= size_precision && b.off <= size_precision)
            return false;
        return a.off < b.off;
    });
    return found;
}

bool plausible(const Size& size, const BookHints& hints,
               const std::vector<const PrinterSpec*>& printers) {
    const auto found = fits(size, hints, printers, false);
    return std::any_of(found.begin(), found.end(),
                       [](const Candidate& c) { return c.off <= size_tolerance; });
}

namespace {

// The inference proper: the hints completed from the closest fit, and per printer the book
// it is checked with when fits differ between printers.
class Inferrer {
  public:
    Inferrer(const Size& cover, const BookHints& hints,
             const std::vector<const PrinterSpec*>& printers, Length size_precision)
        : cover_(cover), hints_(hints), printers_(printers), size_precision_(size_precision) {}

    Inference run(bool binding_given) {
        complete_hints();
        for (const PrinterSpec* printer : printers_)
            book_for(*printer, binding_given);
        return std::move(result_);
    }

  private:
    const Size cover_;
    BookHints hints_;  // completed as facts are inferred
    const std::vector<const PrinterSpec*>& printers_;
    const Length size_precision_;
    Inference result_;
    // When the cover's size fits several printers' stocks at different page counts or papers,
    // each printer is checked with its own fit.
    std::map<std::string, BookSpec> own_book_;
    std::string own_books_text_;
    // Printers whose spine cannot be sized: the page count is known only as a range.
    std::map<std::string, std::string> unsized_;

    void add(std::string what, std::string value, std::string how) {
        result_.inferred.push_back({std::move(what), std::move(value), std::move(how)});
    }

    void complete_hints() {
        BookHints& hints = hints_;
        std::vector<Candidate> exact;
        for (const auto& c : fits(cover_, hints, printers_, true, size_precision_)) {
            if (c.off <= size_tolerance)
                exact.push_back(c);
        }
        for (const auto& c : exact)
            result_.fits.push_back(describe(c));
        const bool everything_given =
            hints.binding && hints.trim && hints.pages &&
            (!hints.paper.empty() || hints.paper_by_printer.size() >= printers_.size());
        if (everything_given)
            return;

        // No book fits this size: perhaps a listed sheet turned a quarter, or cropped at the
        // trim (the commonest export mistake: 0.125 in of bleed missing on every side).
        enum class SizeClue { none, turned, cropped } clue = SizeClue::none;
        if (exact.empty()) {
            for (const auto& c : fits(Size{cover_.height, cover_.width}, hints, printers_, true)) {
                if (c.off <= size_tolerance)
                    exact.push_back(c);
            }
            if (!exact.empty()) {
                clue = SizeClue::turned;
            } else {
                for (const auto& c : fits(Size{cover_.width + 0.25_in, cover_.height + 0.25_in},
                                          hints, printers_, true)) {
                    if (c.off <= size_tolerance && c.book.binding != Binding::case_laminate)
                        exact.push_back(c);
                }
                if (!exact.empty())
                    clue = SizeClue::cropped;
            }
        }
        std::optional<Candidate> chosen;
        if (!exact.empty()) {
            chosen = exact.front();
        } else {
            const auto loose = fits(cover_, hints, printers_, false, size_precision_);
            if (!loose.empty())
                chosen = loose.front();
        }
        if (!chosen) {
            if (hints.trim && hints.pages) {
                if (hints.paper.empty()) {
                    hints.paper = "white";
                    add("paper", "white", "assumed; give --paper");
                }
            } else {
                add("book", "unknown",
                    "no trim the printers offer fits a cover of " + size_text(cover_) +
                        "; give --trim and --pages");
            }
            return;
        }
        if (!hints.binding) {
            hints.binding = chosen->book.binding;
            add("binding", std::string(binding_id(*hints.binding)),
                "from the cover's size; give --binding if it is another");
        }
        const std::string how = clue == SizeClue::turned    ? " (the cover turned a quarter)"
                                : clue == SizeClue::cropped ? " (the cover with 0.125 in of bleed added)"
                                : chosen->off > size_tolerance
                                    ? " (the nearest: the size fits no book exactly)"
                                    : "";
        if (!hints.trim) {
            hints.trim = chosen->book.trim;
            add("trim", size_text(*hints.trim),
                "from the cover's height, " + size_text(cover_) + how +
                    "; give --trim if it is another");
        }
        if (!hints.pages && !pages_per_printer(exact, *chosen, how))
            pages_from(*chosen, how);
        if (hints.paper.empty() && own_book_.empty()) {
            hints.paper = chosen->book.paper;
            add("paper", hints.paper, "the paper of the closest fit; give --paper if it is another");
        }
    }

    // When several printers' stocks fit at different page counts or papers, the cover may
    // have been made for either, so each is checked with its own. A book has one page count:
    // a printer's fit at the closest fit's count comes before its closer fits at other counts.
    bool pages_per_printer(const std::vector<Candidate>& exact, const Candidate& chosen,
                           const std::string& how) {
        std::map<const PrinterSpec*, const Candidate*> fit_of;
        for (const auto& c : exact) {
            if (c.book.pages == chosen.book.pages)
                fit_of.emplace(c.printer, &c);
        }
        // On a flattened cover, a printer's fit at the chosen count that the pixels cannot tell
        // from its closer fit at another count (IngramSpark's 300 pages on creme, 12.924 in,
        // and 302, 12.927 in, are both a 3878 px page at 300 ppi) is that printer's fit.
        std::deque<Candidate> at_chosen_count;  // fit_of points into it: a deque keeps them
        BookHints at_count = hints_;
        at_count.pages = chosen.book.pages;
        for (const PrinterSpec* printer : printers_) {
            if (size_precision_ == Length() || fit_of.contains(printer))
                continue;
            for (const auto& c : fits(cover_, at_count, {printer}, true, size_precision_)) {
                if (c.off <= size_precision_) {
                    at_chosen_count.push_back(c);
                    fit_of.emplace(printer, &at_chosen_count.back());
                    break;
                }
            }
        }
        for (const auto& c : exact)
            fit_of.emplace(c.printer, &c);
        std::vector<const Candidate*> per_printer;  // report order
        for (const PrinterSpec* printer : printers_) {
            if (const auto f = fit_of.find(printer); f != fit_of.end())
                per_printer.push_back(f->second);
        }
        const bool differ = std::any_of(per_printer.begin(), per_printer.end(), [&](auto c) {
            return c->book.pages != chosen.book.pages || c->book.paper != chosen.book.paper;
        });
        if (per_printer.size() <= 1 || !differ || !hints_.paper.empty() ||
            !hints_.paper_by_printer.empty())
            return false;
        std::vector<std::string> each, papers;
        bool one_count = true;
        for (const Candidate* c : per_printer) {
            own_book_[c->printer->id] = c->book;
            each.push_back(std::to_string(c->book.pages) + " on " + c->printer->name + "'s " +
                           c->book.paper);
            papers.push_back(c->printer->name + "'s " + c->book.paper);
            one_count = one_count && c->book.pages == chosen.book.pages;
        }
        own_books_text_ = join_names(each, "or");
        if (one_count) {
            add("pages", std::to_string(chosen.book.pages),
                "the cover's size fits this count on " + join_names(papers) +
                    ", so each printer is checked on its own paper; give --paper if the book is "
                    "on another" +
                    how);
        } else {
            add("pages", own_books_text_,
                "the cover's size fits each of these exactly, so each printer is checked with its "
                "own; give --pages and --paper to check the book you have" +
                    how);
        }
        return true;
    }

    void pages_from(const Candidate& chosen, const std::string& how) {
        const auto [low, high] = same_spine(chosen);
        hints_.pages = chosen.book.pages;
        std::string value = std::to_string(chosen.book.pages);
        std::string note;
        if (high - low > 1) {
            value = std::to_string(low) + "\xE2\x80\x93" + std::to_string(high);
            note = "; " + chosen.printer->name + "'s spine is the same at any count from " +
                   std::to_string(low) + " to " + std::to_string(high) +
                   ", so other printers cannot be sized: give --pages";
            for (const PrinterSpec* printer : printers_) {
                if (printer != chosen.printer) {
                    unsized_[printer->id] = "the cover's spine fits " + chosen.printer->name +
                                            " at any page count from " + std::to_string(low) +
                                            " to " + std::to_string(high) + ", and " +
                                            printer->name +
                                            "'s spine depends on the count: give --pages to check "
                                            "its size";
                }
            }
        }
        std::vector<std::string> others;
        for (std::size_t i = 1; i < result_.fits.size() && i < 4; ++i)
            others.push_back(result_.fits[i]);
        add("pages", value,
            "from the spine the cover's width leaves: " + describe(chosen) + how + note +
                (others.empty() ? "" : "; it also fits " + join_names(others)));
    }

    void book_for(const PrinterSpec& printer, bool binding_given) {
        PrinterBook pb;
        pb.printer = &printer;
        const auto own = own_book_.find(printer.id);
        if (own != own_book_.end()) {
            pb.book = own->second;
        } else {
            pb.book = BookSpec{hints_.binding.value_or(Binding::paperback),
                               hints_.trim.value_or(Size{}), hints_.pages.value_or(0),
                               hints_.paper_for(printer.id)};
        }
        // A binding the user did not name, which this printer does not offer (KDP has no dust
        // jackets): not this printer's cover, so it is not checked, and the report says so.
        if (!binding_given && !printer.find_binding(pb.book.binding)) {
            result_.skipped.push_back({printer.id, printer.name + " offers no " +
                                                       std::string(binding_id(pb.book.binding)) +
                                                       ": not checked (give --binding to check "
                                                       "another)"});
            return;
        }
        if (pb.book.paper.empty())
            pb.book.paper = "white";
        if (!printer.find_paper(pb.book.paper)) {
            // The stock the cover was made for may be another printer's paper (white-70 at
            // IngramSpark); the same book on this printer is then on its white.
            pb.notes.push_back("no " + pb.book.paper + " paper at " + printer.name +
                               ": checked on white");
            pb.book.paper = "white";
        }
        pb.known = own != own_book_.end() || (hints_.trim && hints_.pages);
        if (const auto unsized = unsized_.find(printer.id);
            pb.known && unsized != unsized_.end() && printer.find_binding(pb.book.binding)) {
            pb.book.pages = 0;  // not known for this printer: not the other's count
            pb.unsized = unsized->second;
        } else if (own != own_book_.end()) {
            const bool pages_differ =
                std::any_of(own_book_.begin(), own_book_.end(), [&](const auto& other) {
                    return other.second.pages != own->second.pages;
                });
            if (pages_differ) {
                pb.guessed = "checked as " + std::to_string(pb.book.pages) + " pages on " +
                             pb.book.paper + ", a guess: the cover's size fits " +
                             own_books_text_ +
                             ", and a book has one page count, so the cover is right for at most "
                             "one printer; give --pages and --paper to check the book you have";
            }
        }
        result_.books.push_back(std::move(pb));
    }
};

}  // namespace

Inference infer(const Size& cover, const BookHints& hints,
                const std::vector<const PrinterSpec*>& printers, bool binding_given,
                Length size_precision) {
    return Inferrer(cover, hints, printers, size_precision).run(binding_given);
}

}  // namespace podcover::check
