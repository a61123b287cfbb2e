package transcript

// decodeTOML applies TOML front matter to t.
func (p *parser) decodeTOML(text []byte, textOff int) {
	p.problems.Errorf(p.pos(textOff), "use YAML front matter between lines of ---", "TOML front matter is not read yet")
}
