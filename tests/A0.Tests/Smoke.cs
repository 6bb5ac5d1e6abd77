namespace A0.Tests; public class Smoke { [Fact] public void It_runs() { } }
