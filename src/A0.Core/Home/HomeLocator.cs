namespace A0.Home;

/// <summary>Finds the home: --home, else $A0_HOME, else the nearest ancestor of the working directory holding .billy/.</summary>
public static class HomeLocator
{
    public static HomeLayout? Find(string? homeOption, string? homeVariable, string workingDirectory)
    {
        if (!string.IsNullOrEmpty(homeOption)) return new HomeLayout(Path.GetFullPath(homeOption, workingDirectory));
        if (!string.IsNullOrEmpty(homeVariable)) return new HomeLayout(Path.GetFullPath(homeVariable, workingDirectory));
        for (var directory = new DirectoryInfo(workingDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, HomeLayout.MetadataDirectoryName))) return new HomeLayout(directory.FullName);
        }
        return null;
    }
}
