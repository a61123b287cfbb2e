package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// snippet is a code block template. NAME and NUM are filled in: with their
// defaults for half the blocks, so those recur verbatim across episodes (as
// a guest's favourite example does, and a highlighting cache can exploit),
// and with a drawn word and number for the other half, so most blocks are
// still distinct and highlighting cannot be skipped wholesale.
type snippet struct {
	lang string
	code string
}

var snippets = [...]snippet{
	{"go", "func NAME(ctx context.Context, ids []int) ([]Item, error) {\n\tout := make([]Item, 0, len(ids))\n\tfor _, id := range ids {\n\t\titem, err := load(ctx, id)\n\t\tif err != nil {\n\t\t\treturn nil, fmt.Errorf(\"load %d: %w\", id, err)\n\t\t}\n\t\tout = append(out, item)\n\t}\n\treturn out, nil\n}"},
	{"go", "type NAME struct {\n\tmu    sync.Mutex\n\tcount map[string]int\n}\n\nfunc (c *NAME) Add(key string) {\n\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n\tc.count[key] += NUM\n}"},
	{"go", "for i := 0; i < NUM; i++ {\n\tgo func(i int) {\n\t\tresults <- NAME(i)\n\t}(i)\n}"},
	{"go", "ctx, cancel := context.WithTimeout(ctx, NUM*time.Millisecond)\ndefer cancel()\nresp, err := client.Do(req.WithContext(ctx))\nif err != nil {\n\treturn err // NAME\n}"},
	{"go", "var NAME = map[string]int{\n\t\"small\":  1,\n\t\"medium\": NUM,\n\t\"large\":  NUM * NUM,\n}"},
	{"go", "func BenchmarkNAME(b *testing.B) {\n\tfor b.Loop() {\n\t\t_ = strings.Repeat(\"x\", NUM)\n\t}\n}"},
	{"python", "def NAME(xs, k=NUM):\n    \"\"\"Return the k largest values.\"\"\"\n    return sorted(xs, reverse=True)[:k]"},
	{"python", "import numpy as np\n\nweights = np.random.randn(NUM, NUM)\nfor step in range(100):\n    grad = NAME(weights)\n    weights -= 0.01 * grad"},
	{"python", "class NAME:\n    def __init__(self, size=NUM):\n        self.size = size\n        self.items = []\n\n    def push(self, x):\n        self.items.append(x)\n        if len(self.items) > self.size:\n            self.items.pop(0)"},
	{"python", "with open(\"NAME.csv\") as f:\n    rows = [line.split(\",\") for line in f]\nprint(len(rows), \"rows\", NUM)"},
	{"python", "@lru_cache(maxsize=NUM)\ndef NAME(n):\n    if n < 2:\n        return n\n    return NAME(n - 1) + NAME(n - 2)"},
	{"python", "async def NAME(session, urls):\n    tasks = [session.get(u, timeout=NUM) for u in urls]\n    return await asyncio.gather(*tasks)"},
	{"js", "async function NAME(url) {\n  const res = await fetch(url, { signal: AbortSignal.timeout(NUM) });\n  if (!res.ok) throw new Error(res.statusText);\n  return res.json();\n}"},
	{"js", "const NAME = items\n  .filter((x) => x.score > NUM)\n  .map((x) => ({ ...x, label: x.name.toUpperCase() }))\n  .sort((a, b) => b.score - a.score);"},
	{"js", "export function NAME(fn, ms = NUM) {\n  let t;\n  return (...args) => {\n    clearTimeout(t);\n    t = setTimeout(() => fn(...args), ms);\n  };\n}"},
	{"js", "document.querySelectorAll(\".NAME\").forEach((el, i) => {\n  el.style.opacity = i < NUM ? 1 : 0.5;\n});"},
	{"js", "const server = http.createServer((req, res) => {\n  res.writeHead(200, { \"Content-Type\": \"text/plain\" });\n  res.end(\"NAME\");\n});\nserver.listen(NUM);"},
	{"js", "for (const [key, value] of Object.entries(NAME)) {\n  console.log(`${key}: ${value * NUM}`);\n}"},
	{"bash", "for f in *.NAME; do\n  gzip -k \"$f\"\ndone\nls -la | head -n NUM"},
	{"bash", "git log --oneline -n NUM -- NAME/\ngit diff HEAD~1 --stat"},
	{"bash", "docker run --rm -p NUM:8080 -v \"$PWD\":/app NAME:latest"},
	{"bash", "curl -s https://api.example.com/NAME?limit=NUM | jq '.items[] | .id'"},
	{"bash", "perf record -g ./NAME --iterations NUM\nperf report --stdio | head -50"},
	{"bash", "export NAME_THREADS=NUM\ntime make -j\"$NAME_THREADS\" all"},
}

// codeBlock draws one fenced code block, as lines.
func codeBlock(r *rand.Rand, v *vocab) []string {
	s := snippets[r.IntN(len(snippets))]
	name, num := "items", "10"
	if r.IntN(2) == 0 {
		name = strings.ToLower(v.word(r))
		if strings.ContainsAny(name, "'-") {
			name = "value"
		}
		num = strconv.Itoa(1 + r.IntN(1000))
	}
	code := strings.NewReplacer("NAME", name, "NUM", num).Replace(s.code)
	lines := []string{"```" + s.lang}
	lines = append(lines, strings.Split(code, "\n")...)
	return append(lines, "```")
}
