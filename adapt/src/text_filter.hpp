// The source page's pieces of text as its text extraction counts them, and copies of its
// content without some of them. Internal to adapt: adapted_pdf.cpp gives each placement a
// copy of the page without the pieces of text that lie wholly outside what the placement
// shows, so that text extraction (the checker's, a printer's preflight, a search) finds each
// line of text once, where it prints, and not again, clipped away, beside it. (Poppler even
// drops a word drawn twice a fraction of a point apart as fake bold, keeping whichever came
// first: the copy clipped away, as often as not.)
//
// A piece is what is shown from one positioning of the text (BT, Td, TD, Tm, T*, or the line
// move of ' and ") to the next: its text operators continue each other, and the next piece is
// placed from the line's start, which showing text does not move. So a piece can be left out
// whole without moving any other (one text object often holds all of a cover's text: Cairo
// writes it so). Pieces inside forms the page draws count too: a form whose text changes is
// drawn from a copy without it (a cover adapted before is one page drawn as several forms).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

namespace podcover::adapt {

// A piece of text as the character positions of its text: the bytes of the strings its text
// operators show, counted from the start of the page's text in drawing order (forms counted
// where they are drawn), as Poppler's text extraction counts them (check::Word::char_pos).
struct TextPiece {
    int first_char = 0;
    int end_char = 0;
};

struct PageTextPieces {
    std::vector<TextPiece> pieces;  // in drawing order
    int char_count = 0;             // where the page's text ends
    // False when the page draws forms deeper or more often than is followed, or reading it
    // took past the deadline: then the pieces are not all known, and no text is left out.
    bool complete = true;
};

// Reads the page's content and the forms it draws, until `until`. Throws what qpdf throws
// for content it cannot read.
PageTextPieces text_pieces(QPDFPageObjectHelper& page, std::chrono::steady_clock::time_point until);

// The page's content with each piece whose `keep` is false left out: its text operators (Tj,
// TJ, ', ") removed, their line moves (', ") and everything else kept, so that the graphics
// and text state afterwards are as they were. A form drawn with pieces left out is drawn from
// a copy (made in `pdf`) under a new name, in a copy of the resources. `keep` has one entry
// per piece of `text`. None when `until` passes first.
struct ContentCopy {
    std::string content;
    QPDFObjectHandle resources;  // the page's own, or a copy naming the forms copied
};
std::optional<ContentCopy> content_without_text(QPDF& pdf, QPDFPageObjectHelper& page,
                                                const PageTextPieces& text,
                                                const std::vector<bool>& keep,
                                                std::chrono::steady_clock::time_point until);

}  // namespace podcover::adapt
