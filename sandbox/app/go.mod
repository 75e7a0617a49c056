module diveops.local/sandbox-app

go 1.22
