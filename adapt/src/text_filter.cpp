#include "text_filter.hpp"

#include <qpdf/Pl_Buffer.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFTokenizer.hh>

#include <map>
#include <memory>

namespace podcover::adapt {
namespace {

// Forms drawn inside forms are followed this deep (Poppler's own limit on nested forms is
// deeper, but covers nest two or three).
constexpr int max_form_depth = 16;

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

// Counts the bytes of the strings a content stream's text operators show, forms it draws
// included, and notes where each of its own pieces of text starts and ends.
class TextCounter : public QPDFObjectHandle::TokenFilter {
  public:
    TextCounter(QPDFObjectHandle resources, int depth, std::map<QPDFObjGen, int>& form_chars,
                int start, std::vector<TextPiece>* pieces)
        : resources_(resources),
          depth_(depth),
          form_chars_(form_chars),
          position_(start),
          pieces_(pieces) {}

    int position() const { return position_; }

    void handleToken(const QPDFTokenizer::Token& token) override {
        if (is_operand(token)) {
            if (token.getType() == QPDFTokenizer::tt_string)
                strings_ += static_cast<int>(token.getValue().size());
            if (token.getType() == QPDFTokenizer::tt_name) {
                last_name_ = token.getValue();
                if (last_name_.empty() || last_name_.front() != '/')
                    last_name_.insert(last_name_.begin(), '/');
            }
            return;
        }
        if (shows_text(token)) {
            if (pieces_ && (!in_piece_ || starts_piece(token)))
                pieces_->push_back({position_, position_});
            in_piece_ = true;
            position_ += strings_;
            if (pieces_)
                pieces_->back().end_char = position_;
        } else if (positions_text(token)) {
            in_piece_ = false;
        } else if (token.isWord("Do")) {
            position_ += form_text(last_name_);
        }
        strings_ = 0;
        last_name_.clear();
    }

  private:
    QPDFObjectHandle resources_;
    int depth_;
    std::map<QPDFObjGen, int>& form_chars_;
    int position_;
    std::vector<TextPiece>* pieces_;
    bool in_piece_ = false;
    int strings_ = 0;
    std::string last_name_;

    int form_text(const std::string& name) {
        if (depth_ >= max_form_depth || name.empty() || !resources_.isDictionary())
            return 0;
        QPDFObjectHandle xobjects = resources_.getKey("/XObject");
        if (!xobjects.isDictionary())
            return 0;
        QPDFObjectHandle form = xobjects.getKey(name);
        if (!form.isStream() || !form.getDict().getKey("/Subtype").isNameAndEquals("/Form"))
            return 0;
        const QPDFObjGen id = form.getObjGen();
        if (form.isIndirect()) {
            if (auto known = form_chars_.find(id); known != form_chars_.end())
                return known->second;
            form_chars_[id] = 0;  // a form drawing itself counts once
        }
        QPDFObjectHandle own = form.getDict().getKey("/Resources");
        TextCounter inner(own.isDictionary() ? own : resources_, depth_ + 1, form_chars_, 0,
                          nullptr);
        form.filterAsContents(&inner);
        if (form.isIndirect())
            form_chars_[id] = inner.position();
        return inner.position();
    }
};

// Writes the content, leaving out the text operators of the pieces of text not kept.
class TextRemover : public QPDFObjectHandle::TokenFilter {
  public:
    explicit TextRemover(const std::vector<bool>& keep) : keep_(keep) {}

    void handleToken(const QPDFTokenizer::Token& token) override {
        if (is_operand(token)) {
            pending_.push_back(token);
            return;
        }
        if (shows_text(token) && (!in_piece_ || starts_piece(token)))
            ++piece_;
        if (shows_text(token))
            in_piece_ = true;
        else if (positions_text(token))
            in_piece_ = false;
        const bool removed = shows_text(token) && piece_ >= 0 &&
                             static_cast<std::size_t>(piece_) < keep_.size() &&
                             !keep_[static_cast<std::size_t>(piece_)];
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
            if (token.isWord("'") || token.isWord("\""))
                write(" T*");
            write("\n");
            pending_.clear();
            return;
        }
        for (const auto& t : pending_)
            writeToken(t);
        pending_.clear();
        writeToken(token);
    }
    void handleEOF() override {
        for (const auto& t : pending_)
            writeToken(t);
        pending_.clear();
    }

  private:
    const std::vector<bool>& keep_;
    std::vector<QPDFTokenizer::Token> pending_;
    int piece_ = -1;
    bool in_piece_ = false;
};

}  // namespace

PageTextPieces text_pieces(QPDFPageObjectHelper& page) {
    PageTextPieces result;
    std::map<QPDFObjGen, int> form_chars;
    TextCounter counter(page.getAttribute("/Resources", false), 0, form_chars, 0, &result.pieces);
    page.filterContents(&counter);
    result.char_count = counter.position();
    return result;
}

std::string content_without_text(QPDFPageObjectHelper& page, const std::vector<bool>& keep) {
    TextRemover remover(keep);
    Pl_Buffer buffer("content without text");
    page.filterContents(&remover, &buffer);
    auto bytes = buffer.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char*>(bytes->getBuffer()), bytes->getSize());
}

}  // namespace podcover::adapt
