#include "text_filter.hpp"

#include <qpdf/Pl_Buffer.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFTokenizer.hh>

#include <algorithm>
#include <iterator>

namespace podcover::adapt {
namespace {

// Forms drawn inside forms are followed this deep, and this many times in all: covers nest
// two or three deep and draw a few dozen forms; a file beyond this keeps its text as it is.
constexpr int max_form_depth = 16;
constexpr int max_form_draws = 10'000;

// Reading stops when the budget is spent: so many forms drawn, or the time up (a hostile page
// may draw one huge form many times).
struct OutOfBudget {};
struct Budget {
    std::chrono::steady_clock::time_point until;
    int form_draws = 0;
    long tokens = 0;

    void token() {
        if (++tokens % 4096 == 0 && std::chrono::steady_clock::now() >= until)
            throw OutOfBudget{};
    }
    void form() {
        if (++form_draws > max_form_draws)
            throw OutOfBudget{};
    }
};

bool shows_text(const QPDFTokenizer::Token& token) {
    return token.isWord("Tj") || token.isWord("TJ") || token.isWord("'") || token.isWord("\"");
}
// Operators that place the text anew: what follows them does not continue what went before.
bool positions_text(const QPDFTokenizer::Token& token) {
    return token.isWord("BT") || token.isWord("ET") || token.isWord("Td") || token.isWord("TD") ||
           token.isWord("Tm") || token.isWord("T*");
}
// ' and " move to the next line, then show: they start a piece of their own.
bool starts_piece(const QPDFTokenizer::Token& token) {
    return token.isWord("'") || token.isWord("\"");
}
// The character positions a text operator takes in the page's text, as Poppler counts them:
// the bytes of its strings, and for " twice (Poppler's Gfx::opMoveSetShowText, 22.x, counts
// its visible string once as it draws it and again as if it were hidden). Counting otherwise
// than Poppler only makes the match fail, and then no text is left out.
int positions_shown(const QPDFTokenizer::Token& op, int string_bytes) {
    return op.isWord("\"") ? string_bytes * 2 : string_bytes;
}

bool is_operand(const QPDFTokenizer::Token& token) {
    switch (token.getType()) {
        case QPDFTokenizer::tt_word:
        case QPDFTokenizer::tt_bad:
        case QPDFTokenizer::tt_eof:
            return false;
        default:
            return true;
    }
}
std::string name_of(const QPDFTokenizer::Token& token) {
    std::string name = token.getValue();
    if (name.empty() || name.front() != '/')
        name.insert(name.begin(), '/');
    return name;
}

// The form a name draws, in a resources dictionary: none when it is no form.
QPDFObjectHandle form_named(QPDFObjectHandle resources, const std::string& name) {
    if (!resources.isDictionary())
        return QPDFObjectHandle::newNull();
    QPDFObjectHandle xobjects = resources.getKey("/XObject");
    if (!xobjects.isDictionary())
        return QPDFObjectHandle::newNull();
    QPDFObjectHandle form = xobjects.getKey(name);
    if (!form.isStream() || !form.getDict().getKey("/Subtype").isNameAndEquals("/Form"))
        return QPDFObjectHandle::newNull();
    return form;
}
// A form's own resources, or, when it has none, those it is drawn with (as readers do).
QPDFObjectHandle resources_of(QPDFObjectHandle form, QPDFObjectHandle outer) {
    QPDFObjectHandle own = form.getDict().getKey("/Resources");
    return own.isDictionary() ? own : outer;
}

// What an operator's operands say, as the two walks below need it: the bytes of the strings
// it shows, and the last name (the form `Do` draws).
struct Operands {
    int string_bytes = 0;
    std::string last_name;

    // Notes an operand; false for an operator.
    bool note(const QPDFTokenizer::Token& token) {
        if (!is_operand(token))
            return false;
        if (token.getType() == QPDFTokenizer::tt_string)
            string_bytes += static_cast<int>(token.getValue().size());
        if (token.getType() == QPDFTokenizer::tt_name)
            last_name = name_of(token);
        return true;
    }
    void clear() {
        string_bytes = 0;
        last_name.clear();
    }
};

// Counts the bytes of the strings the text operators show, forms drawn included, and notes
// each piece of text with its character positions.
class TextCounter : public QPDFObjectHandle::TokenFilter {
  public:
    TextCounter(QPDFObjectHandle resources, int depth, int start, PageTextPieces& page,
                Budget& budget)
        : resources_(resources), depth_(depth), position_(start), page_(page), budget_(budget) {}

    int position() const { return position_; }

    void handleToken(const QPDFTokenizer::Token& token) override {
        budget_.token();
        if (operands_.note(token))
            return;
        if (shows_text(token)) {
            if (!in_piece_ || starts_piece(token))
                page_.pieces.push_back({position_, position_});
            in_piece_ = true;
            position_ += positions_shown(token, operands_.string_bytes);
            page_.pieces.back().end_char = position_;
        } else if (positions_text(token)) {
            in_piece_ = false;
        } else if (token.isWord("Do")) {
            draw_form(operands_.last_name);
        }
        operands_.clear();
    }

  private:
    QPDFObjectHandle resources_;
    int depth_;
    int position_;
    PageTextPieces& page_;
    Budget& budget_;
    bool in_piece_ = false;
    Operands operands_;

    void draw_form(const std::string& name) {
        QPDFObjectHandle form = form_named(resources_, name);
        if (form.isNull())
            return;
        if (depth_ >= max_form_depth) {
            page_.complete = false;
            return;
        }
        budget_.form();
        TextCounter inner(resources_of(form, resources_), depth_ + 1, position_, page_, budget_);
        form.filterAsContents(&inner);
        position_ = inner.position();
    }
};

// Writes a content stream, leaving out the text operators of the pieces not kept, and drawing
// the forms whose text changes from copies.
class TextRemover : public QPDFObjectHandle::TokenFilter {
  public:
    TextRemover(QPDF& pdf, QPDFObjectHandle resources, int depth, int start,
                const PageTextPieces& text, const std::vector<bool>& keep, Budget& budget)
        : pdf_(pdf),
          resources_(resources),
          depth_(depth),
          position_(start),
          text_(text),
          keep_(keep),
          budget_(budget) {}

    int position() const { return position_; }
    // The resources the written content draws with: a copy when a form was replaced.
    QPDFObjectHandle resources() const { return copied_.isInitialized() ? copied_ : resources_; }

    void handleToken(const QPDFTokenizer::Token& token) override {
        budget_.token();
        if (operands_.note(token)) {
            pending_.push_back(token);
            return;
        }
        if (shows_text(token)) {
            const bool removed = !kept_at(position_);
            position_ += positions_shown(token, operands_.string_bytes);
            operands_.string_bytes = 0;
            if (removed) {
                // ' and " move to the next line before showing; " sets the word and character
                // spacing first. Those stay.
                if (token.isWord("\"")) {
                    std::vector<QPDFTokenizer::Token> numbers;
                    for (const auto& t : pending_) {
                        if (t.getType() == QPDFTokenizer::tt_integer ||
                            t.getType() == QPDFTokenizer::tt_real)
                            numbers.push_back(t);
                    }
                    if (numbers.size() >= 2) {
                        write(" " + numbers[0].getRawValue() + " Tw " + numbers[1].getRawValue() +
                              " Tc");
                    }
                }
                if (starts_piece(token))
                    write(" T*");
                write("\n");
                pending_.clear();
                return;
            }
        } else if (token.isWord("Do")) {
            if (const std::string name = draw_form(operands_.last_name); !name.empty()) {
                write(name + " Do");
                pending_.clear();
                operands_.clear();
                return;
            }
        }
        operands_.clear();
        flush();
        writeToken(token);
    }
    void handleEOF() override { flush(); }

  private:
    QPDF& pdf_;
    QPDFObjectHandle resources_;
    QPDFObjectHandle copied_;
    int depth_;
    int position_;
    const PageTextPieces& text_;
    const std::vector<bool>& keep_;
    Budget& budget_;
    std::vector<QPDFTokenizer::Token> pending_;
    Operands operands_;

    void flush() {
        for (const auto& t : pending_)
            writeToken(t);
        pending_.clear();
    }

    // The piece holding a character position, as an index into the pieces.
    std::size_t piece_at(int position) const {
        const auto after = std::upper_bound(
            text_.pieces.begin(), text_.pieces.end(), position,
            [](int pos, const TextPiece& piece) { return pos < piece.first_char; });
        if (after == text_.pieces.begin())
            return text_.pieces.size();
        return static_cast<std::size_t>(std::prev(after) - text_.pieces.begin());
    }
    bool kept_at(int position) const {
        const std::size_t i = piece_at(position);
        return i >= keep_.size() || keep_[i];
    }
    // Whether every piece between two positions is kept.
    bool all_kept(int from, int to) const {
        for (std::size_t i = piece_at(from); i < text_.pieces.size(); ++i) {
            if (text_.pieces[i].first_char >= to)
                break;
            if (text_.pieces[i].end_char > from && !keep_[i])
                return false;
        }
        return true;
    }

    // Follows a form the content draws; when text inside it is left out, the name of the copy
    // drawn instead (else empty: the form is drawn as it is).
    std::string draw_form(const std::string& name) {
        QPDFObjectHandle form = form_named(resources_, name);
        if (form.isNull() || depth_ >= max_form_depth)
            return {};
        // The form's text, counted as text_pieces counted it.
        budget_.form();
        PageTextPieces counted;
        TextCounter counter(resources_of(form, resources_), depth_ + 1, position_, counted,
                            budget_);
        form.filterAsContents(&counter);
        const int start = position_;
        position_ = counter.position();
        if (all_kept(start, position_))
            return {};
        TextRemover inner(pdf_, resources_of(form, resources_), depth_ + 1, start, text_, keep_,
                          budget_);
        Pl_Buffer buffer("form without text");
        form.filterAsContents(&inner, &buffer);
        auto bytes = buffer.getBufferSharedPointer();
        QPDFObjectHandle copy = QPDFObjectHandle::newStream(
            &pdf_,
            std::string(reinterpret_cast<const char*>(bytes->getBuffer()), bytes->getSize()));
        QPDFObjectHandle dict = form.getDict();
        for (const auto& key : dict.getKeys()) {
            if (key != "/Length" && key != "/Filter" && key != "/DecodeParms")
                copy.getDict().replaceKey(key, dict.getKey(key));
        }
        if (inner.resources().isDictionary())
            copy.getDict().replaceKey("/Resources", inner.resources());
        if (!copied_.isInitialized()) {
            copied_ = resources_.shallowCopy();
            copied_.replaceKey("/XObject", resources_.getKey("/XObject").shallowCopy());
        }
        int suffix = 0;
        const std::string copy_name = copied_.getUniqueResourceName("/Tx", suffix);
        copied_.getKey("/XObject").replaceKey(copy_name, copy);
        return copy_name;
    }
};

}  // namespace

PageTextPieces text_pieces(QPDFPageObjectHelper& page,
                           std::chrono::steady_clock::time_point until) {
    PageTextPieces result;
    Budget budget{until};
    try {
        TextCounter counter(page.getAttribute("/Resources", false), 0, 0, result, budget);
        page.filterContents(&counter);
        result.char_count = counter.position();
    } catch (const OutOfBudget&) {
        result.complete = false;
    }
    return result;
}

std::optional<ContentCopy> content_without_text(QPDF& pdf, QPDFPageObjectHelper& page,
                                                const PageTextPieces& text,
                                                const std::vector<bool>& keep,
                                                std::chrono::steady_clock::time_point until) {
    Budget budget{until};
    try {
        TextRemover remover(pdf, page.getAttribute("/Resources", false), 0, 0, text, keep, budget);
        Pl_Buffer buffer("content without text");
        page.filterContents(&remover, &buffer);
        auto bytes = buffer.getBufferSharedPointer();
        return ContentCopy{
            std::string(reinterpret_cast<const char*>(bytes->getBuffer()), bytes->getSize()),
            remover.resources()};
    } catch (const OutOfBudget&) {
        return std::nullopt;
    }
}

}  // namespace podcover::adapt
