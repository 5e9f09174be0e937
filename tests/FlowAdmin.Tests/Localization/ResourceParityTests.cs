using System.Xml.Linq;

namespace FlowAdmin.Tests.Localization;

/// <summary>Every screen text exists in pt-BR (the neutral .resx) and in English, and is not left empty.</summary>
public sealed class ResourceParityTests
{
    private static readonly string WebProject = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/FlowAdmin.Web"));

    public static TheoryData<string> ResourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(WebProject, "*.resx", SearchOption.AllDirectories)
                     .Where(f => !f.EndsWith(".en.resx", StringComparison.Ordinal) && !f.Contains("/bin/") && !f.Contains("/obj/")))
            data.Add(Path.GetRelativePath(WebProject, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ResourceFiles))]
    public void Portuguese_and_English_have_the_same_keys_and_no_empty_text(string neutralFile)
    {
        var pt = Read(Path.Combine(WebProject, neutralFile));
        var en = Read(Path.Combine(WebProject, neutralFile.Replace(".resx", ".en.resx", StringComparison.Ordinal)));
        Assert.Empty(pt.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(pt.Keys));
        Assert.DoesNotContain(pt.Concat(en), kv => string.IsNullOrWhiteSpace(kv.Value));
    }

    [Fact]
    public void There_are_resources_to_check() => Assert.NotEmpty(ResourceFiles());

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");
}
