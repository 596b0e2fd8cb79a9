-- problems-find: the problem a user names, for `recur problems show NAME` and
-- `recur report --problem NAME`: its id (PRB-…, any case), or the key of a
-- problem the export carries as written there ("Problem ID 2" finds
-- ServiceNow's "Problem ID  2": case, spaces and tabs do not count).
-- Parameters: :name. At most one row: an exact id first.
SELECT id
FROM problems
WHERE upper(id) = upper(:name)
   OR (method = 'source'
       AND replace(replace(lower(key), ' ', ''), char(9), '')
           = 'source:' || replace(replace(lower(:name), ' ', ''), char(9), ''))
ORDER BY upper(id) = upper(:name) DESC, id
LIMIT 1;
