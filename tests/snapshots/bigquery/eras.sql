SELECT
  *
FROM `events` AS `t0`
WHERE
  `t0`.`event_type` = 'period'
  AND `t0`.`end_date` <> ''
  AND `t0`.`end` > DATETIME('1914-06-01T00:00:00')
  AND `t0`.`start` < DATETIME('2020-11-11T00:00:00')
ORDER BY
  `t0`.`pos` ASC NULLS LAST
