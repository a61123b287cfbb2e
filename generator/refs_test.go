package generator

import (
	"reflect"
	"testing"

	"github.com/verbatim-ssg/verbatim/generator/output"
	"github.com/verbatim-ssg/verbatim/generator/render"
)

func TestPackedRefsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		refs map[string][]render.TurnRef
	}{
		{"NoSpeakers", map[string][]render.TurnRef{}},
		{"OneTurn", map[string][]render.TurnRef{"ann": {{ID: "t-0-00", Time: "0:00", Excerpt: "Hello."}}}},
		{"EmptyFields", map[string][]render.TurnRef{"ann": {{ID: "turn-1"}, {ID: "turn-2", Excerpt: "x"}}, "bob": {{}}}},
		{"SeveralSpeakers", map[string][]render.TurnRef{
			"ann": {{ID: "t-0-00", Time: "0:00", Excerpt: "Welcome to Field Notes."}, {ID: "t-1-05", Time: "1:05", Excerpt: "Go on…"}},
			"bob": {{ID: "t-0-09", Time: "0:09", Excerpt: "Thanks, Ann. Text is *markdown*: ünïcödé too."}},
			"cy":  {},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum := output.SumOf([]byte(tt.name))
			p := packRefs(sum, tt.refs)
			if p.sum != sum {
				t.Errorf("sum not kept")
			}
			if got := p.unpack(); !reflect.DeepEqual(got, tt.refs) {
				t.Errorf("unpacked %v, want %v", got, tt.refs)
			}
		})
	}
}
