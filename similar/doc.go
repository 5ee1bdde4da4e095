// Package similar is lookalike's one judgement of likeness: does this name
// imitate that brand, how (the Kind), how closely (a Score from 1 to 100) and
// why (a Reason a person can read). Generated candidates, names found by an
// audit and names observed in zone files, lists and certificate logs are all
// judged here, one name against one brand (Brand.Judge), or against many
// brands at once through an Index that finds the few brands worth judging.
//
// It owns the rules below and their data (the confusables skeleton through
// permute, the English words and keywords through wordlists, asked of a
// table of its own built once from those lists: words.go). It never does
// I/O, never resolves and never decides what a registration means to the
// brand (package judge's verdicts and risk).
//
// # The rules
//
// A name is cut to its registrable domain (the ICANN section of the Public
// Suffix List, and also the private section, so that steamcommunity.ru.com
// and paypal-login.github.io are read by their own label). Its label is put
// in visual form (Visual): each Unicode letter becomes its UTS #39 prototype
// without accents, "rn", "cl" and "vv" become m, d and w, and a 0, 1, 3, 4, 5
// or 7 standing among letters becomes o, l, e, a, s or t, as does a run of
// two or three of them between letters (g00gle). Any other run of digits
// stays a number (adobe-06195). A fold may only help a name look like the
// brand: the name and the brand are also read with their letter pairs as
// written, and the closer reading counts (airfrnce is airfrance without its
// a, not airfmce; hsbclogin holds hsbc; ciarins is one letter from
// clarins). The brand's own domain and portfolio are never a match.
//
//   - tld-swap: the same label under another suffix (paypal.co).
//   - homoglyph / idn: the same visual form with other letters (rnicrosoft.com,
//     d1scord.xyz; xn--pypal-4ve.com with a Cyrillic а).
//   - typo: the whole label within a few edits (optimal string alignment on
//     the visual form) of the brand. The edits allowed grow with the brand's
//     length: none up to 4 letters (dhl, ups, smbc: dhk.com is another
//     company), 1 for 5–7 (dicsord), 2 for 8–11 (telegarm, myetherwalet), 3
//     from 12 (steamcommunity). An English word is never a typo (ample, apply
//     for apple), except the brand with an s.
//   - missing-dot (wwwpaypal, www-paypal), tld-in-label (paypalcom,
//     auspost-co, rbc-ca) and brand-in-subdomain (paypal.com-secure.xyz).
//   - combo: the brand inside a label of several parts (discord-nitro,
//     discordgifters, chase0nlineapp). The brand must not sit inside a longer
//     English word of the label: apple in pineapple, applesauce, grapple and
//     appleton, booking in overbooking, ups in groups, bt in debt are words,
//     not a brand (a brand with an inflection, telegrams-support, still
//     counts). What stands beside it must be explained — keywords, English
//     words, numbers, www, a plural s — unless the brand has 6 letters or more
//     and can stand on its own (correossii), or has 4 or 5 letters that are
//     no English word and starts or ends its part (smbcsb, jjcvpass). So
//     apple-support and applestore are combos of apple, applexq is not;
//     dhl-express is a combo, dhlq is not.
//   - combo-typo: a typo of the brand (1 edit for 5–11 letters, 2 from 12)
//     at the start or end of a part, the part not an English word:
//     dscordnitro, webtellegram, ratuten-bank; never interfaces for interac.
//   - term: one of the brand's terms as a token, by the combo rules.
//
// Scores order the kinds (homoglyph 95, tld-swap 90, a one-edit typo 86,
// missing-dot 85, tld-in-label 84, combo with a phishing keyword 80, with
// other words 72, bare 60); the best reading of a name wins.
//
// # The form
//
// Match.Form gives the parts of the reading that won, as the name is
// written, to a caller that weighs them (package judge's risk points): what
// stands before and after the brand, the known words beside it, the one
// edit between the two labels (a key replaced, two swapped, one doubled,
// added or left out) and whether only accents differ. It is the one place
// that finds the edit between a brand and a name (form.go; Match.Edit words
// the same edit as seen). Form never changes a Kind or a Score.
package similar
