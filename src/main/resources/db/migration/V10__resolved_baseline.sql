-- A person's decision on a metadata conflict (`conflicts resolve`) is the recording's current
-- metadata until every site of the job holds it, as a policy's winner is: the sites that hold the
-- decided version get it as their baseline with `decided` set, and planning carries that version
-- to every other site whose copy was not edited since it last agreed (the third site of a mesh, a
-- hub or spoke the conflict was not between, a copy made later). An edit of the decided version
-- itself is an ordinary edit again. The flag clears when the copies agree.
ALTER TABLE meta_baseline ADD COLUMN decided BOOLEAN DEFAULT FALSE NOT NULL;
