using A0.Tests.Support;

namespace A0.Tests.Foundation;

public sealed class InitTests
{
    [Fact]
    public void I_can_adopt_a_checkout_whose_head_is_an_annotated_release_tag()
    {
        using var home = new TestHome().WithCheckout();

        var result = home.Init();

        result.ExitCode.ShouldBe(0, result.ToString());
        new FileInfo(home.AppPath).LinkTarget.ShouldBe("releases/v0.9.8");
        File.ReadAllText(Path.Combine(home.Root, "data", "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        File.ReadAllText(Path.Combine(home.AppPath, "usr", "chats", "chat1.json")).ShouldBe("{\"hello\":1}");
        File.ReadAllText(Path.Combine(home.AppPath, ".env")).ShouldBe("API_KEY=secret\n");
        var status = home.Json("status");
        status["state"]!.GetValue<string>().ShouldBe("IDLE");
        status["current_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        status["known_good_version"]!.GetValue<string>().ShouldBe("v0.9.8");
        home.Run("audit", "verify").ExitCode.ShouldBe(0);
    }
}
