// Package search builds the site's search index at build time: files a
// browser fetches a few at a time, so a query over thousands of hour-long
// episodes needs no server and transfers a small part of the index.
//
// Results are speakers, episodes and turns. An episode is found by its
// title, show, description, chapter titles and speakers' names, a speaker
// by name and role: each is a meta entry, numbered apart from the turns,
// episodes 0 .. episodes-1 in site order and then the speakers in the
// manifest's order, whose postings share the term shards with the turns'
// (see meta.go). A client shows them first: speakers, episodes, then turns.
//
// Every turn of the archive gets a turn id, a compact integer: episodes in site order, and within an episode the turns grouped
// by speaker (in order of first appearance, turns without a speaker last),
// then in spoken order. Grouping by speaker lets the manifest say who spoke
// every turn in a few numbers per episode, so filtering by speaker or show
// needs no extra fetch.
//
// # Files
//
// All paths are below search/ in the output. The term shards and text
// files, thousands of files, are spread over subfolders named by the
// first hex digit of their names: t/NAME.txt below stands for
// t/N/AME.txt, and e/NAME.txt for e/N/AME.txt.
//
// index.json, the manifest, fetched first (and the only name that is not
// content-addressed, so hosts must revalidate it). It stays a few
// kilobytes however large the archive, because it lists pages rather
// than terms or episodes:
//
//	{"version": 6,
//	 "turns": 213402,                      // turn ids are 0 .. turns-1
//	 "episodes": 1000,                     // meta entries 0 .. episodes-1 are episodes
//	 "episodePage": 32,                    // episodes per episode page
//	 "stopwords": ["a", "an", ...],        // left out of the index and of queries
//	 "speakers": ["Ada Park", ...],        // sorted; pages refer to them by index
//	 "shows": ["Data After Dark", ...],
//	 "dict": [["aardvark", "3f2a9c1b5d6e7f80"], ...],
//	 "pages": [["5d1e0c7a9b8c7d6e", 0], ["0a1b2c3d4e5f6a7b", 6310], ...],
//	 "filters": "9c8b7a6d5e4f3a2b",
//	 "people": ["1a2b3c4d5e6f7a8b", ...],
//	 "peoplePage": 64}                     // speakers per people page
//
// dict lists the dictionary pages in term order: the first term of each
// and its name. A term is listed by the last page whose first term is not
// greater than it (terms compare by Unicode code point).
//
// pages lists the episode pages, each describing EpisodePage episodes in
// site order: its name and the id of its first turn.
//
// filters names f/NAME.txt, every episode's show and speaker runs in site
// order, one line each as on the episode pages below but without the text
// file's name and head: a query with a speaker or show filter fetches it whole (about
// 6 KB gzipped for 1,000 episodes) rather than the pages of every match.
//
// people lists the people pages, s/NAME.txt, each describing peoplePage
// speakers in the order of speakers, a line each,
//
//	slug<TAB>role<TAB>episodes<TAB>colour<TAB>initials<TAB>avatar
//
// what a speaker result shows beside the name, and the face a turn result
// shows beside its speaker's: colour is the speaker's class number, c1 …
// c8, or empty; avatar is the URL of their picture as the site's pages
// link it, or empty, when the face is the initials in a disc of that
// colour. A page is fetched only when one of its speakers is shown, a
// kilobyte or so gzipped; a picture's URL is in the index once.
//
// d/NAME.txt, a dictionary page: DictPage lines, one per term shard in
// term order, "first-term<TAB>shard-name". A term is in the last shard
// whose first term is not greater than it.
//
// t/NAME.txt, a term shard: one line per term, sorted,
//
//	term<TAB>posting posting ...[<TAB>posting posting ...]
//
// the turns' postings, empty when only meta entries have the term, then,
// when meta entries have it, theirs, written alike with meta entry ids.
// where each posting is one base-36 digit, the turn's weight for the term
// (BM25's term-frequency part with length normalisation, k1 = 1.2,
// b = 0.75, scaled to 1..35), followed by the turn id in base 36: the first
// posting's id as it is, each next one as the difference from the one
// before. The number of postings is the term's document frequency, from
// which the client computes BM25's idf. Shards are cut at about ShardSize
// bytes; a term with more postings than that has a shard of its own.
//
// p/NAME.txt, an episode page: one line per episode,
//
//	text-name<TAB>head<TAB>show<TAB>speaker turns speaker turns ...
//
// the name of the episode's text file and the length of its head in
// bytes, its show (index into shows, -1 for none), then runs of (speaker
// index, number of turns); -1 is no speaker. The turn ids of an episode
// follow those of the one before it.
//
// e/NAME.txt, an episode's text file, which a client reads in parts with
// HTTP Range requests. Its head is two lines: the episode, and the length
// in bytes of each turn's line in base 36, then of the episode's line,
// separated by spaces. One line per turn follows, in turn-id order, and
// last the episode's line, which an episode result shows:
//
//	slug<TAB>title<TAB>date
//	lengths
//	anchor<TAB>time<TAB>plain text
//	...
//	description<TAB>chapter anchor<TAB>chapter title<TAB>...
//
// Tabs and line breaks in text are replaced by spaces. Every name but
// index.json is 64 bits of a hash of the file's bytes, so those files can
// be cached for ever, and an episode that did not change keeps its text
// file from one build to the next.
//
// A text file is one file per episode rather than a file per few turns
// because each file costs a build more than its bytes do: at 1,000
// episodes, files of 12 turns were 17,000 of the site's 25,864 files and
// about a tenth of a cold build's CPU. Range requests also let a result
// fetch its own turn, about 600 bytes, where a file of 12 turns was about
// 2.8 KB gzipped. A host without Range requests answers with the whole
// file, which the client then keeps and slices: slower, never wrong.
//
// # Queries
//
// The client folds and splits the query exactly as Tokenize does, drops
// stopwords, fetches the dictionary page and then the shard of each term
// (while the user types, the last term, once it has three characters, also
// matches the longer terms of its shard that it begins), intersects the
// postings (AND) of turns and of meta entries apart, scores each by the
// sum of idf × weight, filters by speaker and show with the filters file,
// and fetches the episode pages of the best results (three speakers and
// three episodes, five turns), then the head of each one's text file, then
// its turn's line or the episode's; a speaker result, and a turn result for
// the face of who spoke it, reads the speaker's people page. Range
// requests come back as stored, not compressed: the Fetch standard asks
// for identity encoding with every Range header.
//
// # Memory
//
// An Indexer holds postings in memory up to a budget, then spills them,
// sorted by term, to a temporary run file; Finish merges the runs term by
// term into shards. A build's memory for the index is therefore the budget
// plus one term's postings, whatever the size of the archive.
package search
